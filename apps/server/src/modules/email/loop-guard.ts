/**
 * Loop guard: at most `email_settings.auto_message_daily_limit` automatic emails (auto-
 * acknowledgements, notifications) per recipient address in any rolling 24 hours. The queuing
 * statements (auto-ack.ts, outbound.queries.ts) take an advisory lock on the address, count and
 * record in the transaction that queues the email, so two processors cannot both take the last
 * slot; these are the pure parts they share. A reply written by an
 * agent is not automatic and is never limited.
 */

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

/** The decision once the address is locked and its automatic emails in the window are counted. */
export function loopGuardDecision(sentInWindow: number, dailyLimit: number): LoopGuardDecision {
  const limit = Math.max(0, dailyLimit);
  return { allowed: sentInWindow < limit, sentInWindow, limit };
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
