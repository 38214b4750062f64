/**
 * Pure rules of notification emails to agents (issue 4): which kinds are emailed by default, a
 * member's effective settings, and whether one notification becomes an email.
 */
import { notificationKinds } from '@rapport/contracts/teamwork';
import type { NotificationEmailSetting, NotificationKind } from '@rapport/contracts/notification-settings';

/**
 * What a member gets by email until they choose: what is addressed to them personally (a ticket
 * given to them, the customer writing on their ticket, a mention, approvals, their own promises,
 * an automation that names them) is on; chatter on followed tickets and the leads' automation-loop
 * alarm are in-app only.
 */
export const notificationEmailDefaults: Readonly<Record<NotificationKind, boolean>> = {
  assigned: true,
  customer_replied: true,
  reply: false,
  note: false,
  mention: true,
  promise_reminder: true,
  approval_requested: true,
  approval_decided: true,
  automation: true,
  automation_loop: false,
};

function isKnownKind(kind: string): kind is NotificationKind {
  return (notificationKinds as readonly string[]).includes(kind);
}

/** Every kind in the contract's order, with the member's choice or the default. */
export function effectiveEmailSettings(choices: ReadonlyMap<string, boolean>): NotificationEmailSetting[] {
  return notificationKinds.map((kind) => {
    const choice = choices.get(kind);
    const defaultEnabled = notificationEmailDefaults[kind];
    return { kind, isEnabled: choice ?? defaultEnabled, isDefault: choice === undefined, defaultEnabled };
  });
}

export type NotificationEmailSkip = 'unknown_kind' | 'not_member' | 'inactive' | 'actor' | 'preference' | 'no_from_address' | 'hourly_limit';

export interface NotificationEmailFacts {
  kind: string;
  recipientId: string;
  /** Who caused the event (null: the customer or the system). */
  actorId: string | null;
  /** The recipient's membership of the workspace, null when they are not a member. */
  membership: { isActive: boolean } | null;
  /** Their choice for this kind, undefined when none was made. */
  choice: boolean | undefined;
  hasFromAddress: boolean;
  /** Notification emails to them in the last hour (null: not counted yet, the limit is not checked), and the configured limit. */
  sentInLastHour: number | null;
  hourlyLimit: number;
}

/** Whether a newly stored notification is also emailed, and if not, why. */
export function notificationEmailDecision(facts: NotificationEmailFacts): { send: true } | { send: false; reason: NotificationEmailSkip } {
  if (!isKnownKind(facts.kind)) return { send: false, reason: 'unknown_kind' };
  if (!facts.membership) return { send: false, reason: 'not_member' };
  if (!facts.membership.isActive) return { send: false, reason: 'inactive' };
  if (facts.actorId !== null && facts.actorId === facts.recipientId) return { send: false, reason: 'actor' };
  if (!(facts.choice ?? notificationEmailDefaults[facts.kind])) return { send: false, reason: 'preference' };
  if (!facts.hasFromAddress) return { send: false, reason: 'no_from_address' };
  if (facts.sentInLastHour !== null && facts.sentInLastHour >= facts.hourlyLimit) return { send: false, reason: 'hourly_limit' };
  return { send: true };
}

/** The agent app's absolute base URL: RAPPORT_PUBLIC_URL, else this server on localhost. No trailing slash. */
export function appBaseUrl(config: { publicUrl?: string | undefined; port: number }): string {
  const base = config.publicUrl ?? `http://localhost:${config.port}`;
  return base.replace(/\/+$/, '');
}
