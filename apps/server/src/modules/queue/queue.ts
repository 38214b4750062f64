/**
 * The fair queue (P17): one "next ticket" order for a team, by the virtual deadline of
 * `queue-order.ts` (priority target or reply SLA due time, less a bounded tier credit), stored in
 * `tickets.queue_key` and walked through the partial indexes `tickets_queue_team_idx` /
 * `tickets_queue_idx`.
 *
 * - `refreshQueueKeys` (queue-keys.ts) recomputes the stored key of some tickets in one statement;
 *   every ticket change calls it (tickets/ticket-changes.ts) after the SLA clocks moved. A ticket
 *   leaves the queue (key null) when it is assigned, pending/on hold/solved/closed, or merged.
 * - `nextTicket` reads the smallest key among the agent's teams plus the tickets routed to no
 *   team (so an unrouted ticket cannot starve); an agent in no team sees the whole workspace.
 * - `takeNextTicket` assigns it to the agent atomically (`for update skip locked`), recorded as an
 *   ordinary assignment (the tickets module's `recordTicketChange`).
 * - `parityReport` is the leads' check that the order stays fair: reply and resolution times by tier.
 */
import type { ParityReport, ParityTier } from '@rapport/contracts/queue';
import type { TicketDetail, TicketSummary } from '@rapport/contracts/tickets';
import type { Db, DbOrTx } from '@rapport/db/database';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { getTicket } from '../tickets/get-ticket.ts';
import { recordTicketChange } from '../tickets/ticket-changes.ts';
import { ticketTopics } from '../tickets/tickets.events.ts';
import { refreshCustomerQueueKeys, refreshQueueKeys } from './queue-keys.ts';
import { assignQueuedTicket, lockFirstCandidate, parityByTier, queueCandidates, teamInWorkspace, type QueueCandidate } from './queue.queries.ts';

export type { QueueCandidate };
export { refreshCustomerQueueKeys, refreshQueueKeys };

function scopeOf(actor: Actor, teamId: string | undefined) {
  return teamId ? { teamId } : { userId: actor.userId };
}

async function requireTeam(db: DbOrTx, actor: Actor, teamId: string | undefined): Promise<void> {
  if (teamId && !(await teamInWorkspace(db, actor.workspaceId, teamId))) {
    throw new AppError('TEAM_NOT_FOUND', { message: 'No team with that id in this workspace.' });
  }
}

/** The open unassigned ticket with the smallest queue key for this agent (or in this team), or null. */
export async function nextTicket(db: Db, actor: Actor, options: { teamId?: string | undefined } = {}): Promise<QueueCandidate | null> {
  const [first] = await queueCandidates(db, actor.workspaceId, scopeOf(actor, options.teamId), 1);
  return first ?? null;
}

function toSummary(detail: TicketDetail): TicketSummary {
  const { messages: _messages, notes: _notes, customFields: _customFields, ...summary } = detail;
  return summary;
}

/** `nextTicket` as the summary the API answers with (read through the tickets module). */
export async function peekNextTicket(deps: AppDeps, actor: Actor, options: { teamId?: string | undefined } = {}): Promise<{ ticket: TicketSummary | null }> {
  await requireTeam(deps.db, actor, options.teamId);
  const next = await nextTicket(deps.db, actor, options);
  if (!next) return { ticket: null };
  return { ticket: toSummary(await getTicket(deps, actor, next.id)) };
}

/** Candidates read per attempt: enough that a few agents taking at the same moment do not run dry. */
const candidateBatch = 8;

/**
 * Assigns the next ticket to the acting agent, atomically: the candidates are read in queue order
 * and the first one nobody else holds is row-locked (`skip locked`), assigned, and recorded exactly
 * as the tickets module records an assignment (`update-ticket.ts`: a new ticket becomes open; the
 * `ticket.updated` audit entry with the changes, the `assigned` outbox event, the realtime event)
 * through its `recordTicketChange`. Returns null when the queue is empty.
 *
 * Not `updateTicket` itself: it opens its own transaction (the lock must be held until the
 * assignment commits) and reads the ticket back with parallel queries, which one transaction's
 * connection cannot serve.
 */
export async function takeNextTicket(deps: AppDeps, actor: Actor, options: { teamId?: string | undefined } = {}): Promise<{ ticket: TicketSummary | null }> {
  const userId = actor.userId;
  if (!userId) throw new AppError('FORBIDDEN', { message: 'Only a person can take the next ticket.' });
  await requireTeam(deps.db, actor, options.teamId);
  const takenId = await deps.db.transaction(async (tx) => {
    for (let limit = candidateBatch; limit <= candidateBatch * 64; limit *= 4) {
      const candidates = await queueCandidates(tx, actor.workspaceId, scopeOf(actor, options.teamId), limit);
      const ticket = await lockFirstCandidate(tx, actor.workspaceId, candidates.map((candidate) => candidate.id));
      if (ticket) {
        const now = deps.clock.now();
        await assignQueuedTicket(tx, actor.workspaceId, ticket.id, userId, now);
        const changes: Record<string, { from: unknown; to: unknown }> = { assigneeId: { from: null, to: userId } };
        if (ticket.status === 'new') changes['status'] = { from: 'new', to: 'open' };
        // recordTicketChange also takes the ticket out of the queue (its key follows the assignment).
        await recordTicketChange(tx, actor, { ticket, action: 'ticket.updated', topic: ticketTopics.assigned, realtimeType: 'ticket.updated', data: { changes }, at: now });
        return ticket.id;
      }
      if (candidates.length < limit) return null; // every candidate was taken by someone else: the queue is empty for us
    }
    return null;
  });
  return { ticket: takenId ? toSummary(await getTicket(deps, actor, takenId)) : null };
}

const tiers: ParityTier['tier'][] = ['standard', 'priority', 'enterprise'];
const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

/** First-reply and resolution times by customer tier over the tickets created in [from, to). Default: the last 30 days. */
export async function parityReport(db: Db, actor: Actor, options: { from?: Date | undefined; to?: Date | undefined; now: Date }): Promise<ParityReport> {
  const to = options.to ?? options.now;
  const from = options.from ?? new Date(to.getTime() - 30 * 24 * 60 * 60 * 1000);
  if (from.getTime() >= to.getTime()) throw new AppError('VALIDATION_FAILED', { message: '"from" must be before "to".' });
  const rows = new Map((await parityByTier(db, actor.workspaceId, from, to)).map((row) => [row.tier, row]));
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    tiers: tiers.map((tier) => {
      const row = rows.get(tier);
      return {
        tier,
        tickets: row?.tickets ?? 0,
        firstReply: { count: row?.replied ?? 0, medianMinutes: round(row?.firstReplyMedian ?? null), p90Minutes: round(row?.firstReplyP90 ?? null) },
        resolution: { count: row?.solved ?? 0, medianMinutes: round(row?.resolutionMedian ?? null), p90Minutes: round(row?.resolutionP90 ?? null) },
      };
    }),
  };
}
