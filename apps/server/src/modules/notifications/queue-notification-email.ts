import type { Tx } from '@rapport/db/database';
import { appBaseUrl, notificationEmailDecision, type NotificationEmailSkip } from './notification-email-rules.ts';
import { buildNotificationEmail } from './notification-email.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import {
  agentNotificationEmailKind,
  findNotificationEmailFacts,
  insertNotificationEmail,
  lockAndCountAgentNotificationEmails,
  type NewNotification,
} from './notifications.queries.ts';

const hourMs = 3_600_000;

export type NotificationEmailOutcome = { queued: true; outboundEmailId: string } | { queued: false; reason: NotificationEmailSkip | 'duplicate' };

/**
 * Queues the email of a notification just stored, in the same transaction (so the email exists
 * exactly when the notification does, and a redelivered event, which stores no notification, sends
 * no second email): only to an active member of the workspace who is not the person who caused it,
 * who wants email for this kind, and who has had fewer than the hourly limit.
 */
export async function queueNotificationEmail(
  tx: Tx,
  deps: Pick<AppDeps, 'config' | 'clock' | 'logger'>,
  notification: NewNotification & { id: string; actorId: string | null },
): Promise<NotificationEmailOutcome> {
  const facts = await findNotificationEmailFacts(tx, notification.workspaceId, notification.userId, notification.kind, notification.ticketId);
  const now = deps.clock.now();
  const baseUrl = appBaseUrl(deps.config);
  const base = {
    kind: notification.kind,
    recipientId: notification.userId,
    actorId: notification.actorId,
    membership: facts.isActive === null || !facts.email ? null : { isActive: facts.isActive },
    choice: facts.choice ?? undefined,
    hasFromAddress: facts.fromAddress !== null,
    hourlyLimit: deps.config.notificationEmailsPerHour,
  };
  // Everything but the limit first, so the lock is taken only for an email that would go out.
  const early = notificationEmailDecision({ ...base, sentInLastHour: null });
  if (!early.send) return { queued: false, reason: early.reason };
  const address = facts.email!.trim().toLowerCase(); // membership is non-null only with an email (above)
  const fromAddress = facts.fromAddress!; // hasFromAddress
  const sentInLastHour = await lockAndCountAgentNotificationEmails(tx, notification.workspaceId, address, new Date(now.getTime() - hourMs));
  const decision = notificationEmailDecision({ ...base, sentInLastHour });
  if (!decision.send) {
    deps.logger.info({ workspaceId: notification.workspaceId, userId: notification.userId, kind: notification.kind, reason: decision.reason }, 'notification email not sent');
    return { queued: false, reason: decision.reason };
  }

  const ticketNumber = facts.ticketNumber ?? numberFrom(notification.data['number']);
  const ticketPath = ticketNumber !== null ? `/tickets/${ticketNumber}` : notification.ticketId ? `/tickets/${notification.ticketId}` : '/';
  const content = buildNotificationEmail({
    kind: notification.kind,
    data: notification.data,
    ticketNumber,
    ticketSubject: facts.ticketSubject ?? (typeof notification.data['subject'] === 'string' ? notification.data['subject'] : ''),
    workspaceName: facts.workspaceName ?? '',
    recipientName: facts.name ?? '',
    ticketUrl: `${baseUrl}${ticketPath}`,
    settingsUrl: `${baseUrl}/preferences#notifications`,
  });
  const domain = fromAddress.slice(fromAddress.lastIndexOf('@') + 1) || 'localhost';
  const outboundEmailId = await insertNotificationEmail(tx, {
    outbound: {
      workspaceId: notification.workspaceId,
      kind: 'notification',
      ticketId: null,
      messageId: null,
      // Fixed by the notification: at most one email per notification, and the same id on every retry.
      rfcMessageId: `rapport.notification.${notification.id}@${domain}`,
      fromAddress,
      fromName: `Rapport · ${facts.workspaceName ?? ''}`.replace(/\s*·\s*$/, ''),
      replyTo: null,
      toAddresses: [address],
      subject: content.subject,
      text: content.text,
      html: content.html,
      status: 'queued',
      nextAttemptAt: now,
      createdAt: now,
    },
    automatic: { workspaceId: notification.workspaceId, address, ticketId: notification.ticketId, kind: agentNotificationEmailKind, createdAt: now },
  });
  if (!outboundEmailId) return { queued: false, reason: 'duplicate' };
  return { queued: true, outboundEmailId };
}

function numberFrom(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return null;
}
