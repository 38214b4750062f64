/**
 * The fair queue's order (P17: bigger customers may come first, small ones are never made to feel
 * unimportant). Pure: no database, no clock. `queue.queries.ts` computes the same key in SQL from
 * the same constants, so the two cannot drift apart in their numbers.
 *
 * The key is a *virtual deadline*:
 *
 *   key = min(reply SLA due time, waiting since + target(priority)) − credit(tier)
 *
 * - `waitingSince` is when the customer started waiting for us: the ticket's creation, or the
 *   earliest customer message after our latest reply.
 * - `target(priority)` is how long a ticket of that priority may wait without an SLA
 *   (`priorityTargetMinutes`); the earliest running first-reply/next-reply SLA clock tightens it.
 * - `credit(tier)` is a *bounded* head start for bigger customers: never more than
 *   `maxTierCreditMinutes`, whatever the tier, the load or the queue length.
 *
 * "Next ticket" takes the smallest key: earliest-deadline-first. Ageing is built in and nothing
 * starves: a ticket's key never moves later while it waits (only an SLA due time can pull it
 * earlier), and every ticket that arrives after it at time `a` gets a key of at least
 * `a + min target − max credit`, so once a ticket has waited `its target − min target + max credit`
 * no newcomer can jump it, however many arrive. A flood of one big customer's tickets therefore
 * delays a small customer's ticket by at most the tier credit relative to a big ticket that arrived
 * at the same time: the waits of the two tiers stay within a constant of each other.
 *
 * SLA due times come from the workspace's policies, which may promise bigger customers tighter
 * targets; that is a contract the workspace chose and is not capped here. What is capped is the
 * queue's own preference for a tier.
 */

export type QueuePriority = 'low' | 'normal' | 'high' | 'urgent';
export type QueueTier = 'standard' | 'priority' | 'enterprise';

/** How long a ticket of each priority may wait for a reply when no SLA says otherwise. */
export const priorityTargetMinutes: Readonly<Record<QueuePriority, number>> = {
  urgent: 60,
  high: 4 * 60,
  normal: 8 * 60,
  low: 24 * 60,
};

/** The cap on any tier's head start; the property tests hold every tier to it. */
export const maxTierCreditMinutes = 30;

/** A bigger customer's head start in the queue, bounded by `maxTierCreditMinutes`. */
export const tierCreditMinutes: Readonly<Record<QueueTier, number>> = {
  standard: 0,
  priority: 15,
  enterprise: maxTierCreditMinutes,
};

export const minPriorityTargetMinutes = Math.min(...Object.values(priorityTargetMinutes));

const minute = 60_000;

export interface QueueKeyInput {
  priority: QueuePriority;
  tier: QueueTier;
  /** When the customer started waiting: creation, or the first customer message after our latest reply. */
  waitingSince: Date;
  /** The earliest due time of the running first-reply/next-reply SLA clocks; null without one. */
  replyDueAt: Date | null;
}

/** The ticket's virtual deadline, in epoch milliseconds (smaller = served first). */
export function queueKeyMs(input: QueueKeyInput): number {
  const target = input.waitingSince.getTime() + priorityTargetMinutes[input.priority] * minute;
  const deadline = input.replyDueAt ? Math.min(input.replyDueAt.getTime(), target) : target;
  return deadline - Math.min(tierCreditMinutes[input.tier], maxTierCreditMinutes) * minute;
}

export function queueKey(input: QueueKeyInput): Date {
  return new Date(queueKeyMs(input));
}
