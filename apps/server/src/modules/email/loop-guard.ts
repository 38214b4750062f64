/**
 * Loop guard: at most `email_settings.auto_message_daily_limit` automatic emails (auto-
 * acknowledgements, notifications) per recipient address in any rolling 24 hours. Checked and
 * recorded in the transaction that queues the email; an advisory lock on the address serialises
 * concurrent decisions, so two processors cannot both take the last slot. A reply written by an
 * agent is not automatic and is never limited.
 */
import type { DbOrTx } from '@rapport/db/database';
import { countAutomaticEmailsSince, insertAutomaticEmail, lockRecipient } from './outbound.queries.ts';

export const loopGuardWindowMs = 24 * 60 * 60 * 1000;

export type AutomaticEmailKind = 'auto_ack' | 'notification';

export interface LoopGuardDecision {
  allowed: boolean;
  /** Automatic emails to this address in the window before this one. */
  sentInWindow: number;
  limit: number;
}

export function normaliseRecipient(address: string): string {
  return address.trim().toLowerCase();
}

/**
 * Locks the address for the rest of the transaction and tells whether one more automatic email is
 * allowed. Call `recordAutomaticEmail` in the same transaction when it is queued.
 */
export async function checkLoopGuard(
  tx: DbOrTx,
  input: { workspaceId: string; address: string; now: Date; dailyLimit: number },
): Promise<LoopGuardDecision> {
  const address = normaliseRecipient(input.address);
  await lockRecipient(tx, input.workspaceId, address);
  const since = new Date(input.now.getTime() - loopGuardWindowMs);
  const sentInWindow = await countAutomaticEmailsSince(tx, input.workspaceId, address, since);
  return loopGuardDecision(sentInWindow, input.dailyLimit);
}

/** The decision once the address is locked and its automatic emails in the window are counted. */
export function loopGuardDecision(sentInWindow: number, dailyLimit: number): LoopGuardDecision {
  const limit = Math.max(0, dailyLimit);
  return { allowed: sentInWindow < limit, sentInWindow, limit };
}

export async function recordAutomaticEmail(
  tx: DbOrTx,
  input: { workspaceId: string; address: string; ticketId: string | null; kind: AutomaticEmailKind; now: Date },
): Promise<void> {
  await insertAutomaticEmail(tx, automaticEmailRow(input));
}

/** The loop guard's log row of one automatic email (for callers that insert it with other rows). */
export function automaticEmailRow(input: { workspaceId: string; address: string; ticketId: string | null; kind: AutomaticEmailKind; now: Date }) {
  return {
    workspaceId: input.workspaceId,
    address: normaliseRecipient(input.address),
    ticketId: input.ticketId,
    kind: input.kind,
    createdAt: input.now,
  };
}
