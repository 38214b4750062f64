/** The only file of the queue slice that speaks SQL. Every function takes the workspace first. */
import { sql, type SQL } from 'drizzle-orm';
import { executedRows, type DbOrTx } from '@rapport/db/database';
import { maxTierCreditMinutes, priorityTargetMinutes, tierCreditMinutes } from './queue-order.ts';

/** A uuid[] literal: ids are validated uuids (hex and dashes), so they need no quoting. */
function uuidArray(ids: readonly string[]): SQL {
  for (const id of ids) if (!/^[0-9a-f-]{36}$/i.test(id)) throw new Error(`not a uuid: ${id}`);
  return sql`${`{${ids.join(',')}}`}::uuid[]`;
}

/** The partial indexes' predicate (tickets_queue_team_idx, tickets_queue_idx), spelled the same way so the planner uses them. */
const inQueue = (alias: string): SQL =>
  sql.raw(`${alias}.status in ('new', 'open') and ${alias}.assignee_id is null and ${alias}.queue_key is not null`);

function minutesCase(column: string, minutes: Readonly<Record<string, number>>, otherwise: number): SQL {
  const branches = Object.entries(minutes).map(([value, count]) => `when '${value}' then ${Math.trunc(count)}`);
  return sql.raw(`make_interval(mins => case ${column} ${branches.join(' ')} else ${Math.trunc(otherwise)} end)`);
}

/**
 * The key of `queue-order.ts` in SQL, for ticket `x` joined to its customer `c`, or null when the
 * ticket is not waiting in the queue (not new/open, assigned, or merged). The scalar subqueries
 * sit in CASE branches, so a ticket that left the queue or was never answered reads no messages.
 */
function queueKeyExpression(now: Date): SQL {
  const nowValue = sql`${now.toISOString()}::timestamptz`;
  // When the customer started waiting: creation, or the first message of the customer's (not an
  // auto-reply) after our latest reply; answered and quiet since: our latest reply.
  const waitingSince = sql`least(${nowValue}, case when x.first_reply_at is null then x.created_at else coalesce(
      (select min(m.created_at) from messages m
        where m.workspace_id = x.workspace_id and m.ticket_id = x.id and m.direction = 'inbound'
          and m.author_type = 'customer' and coalesce(lower(m.email_meta->>'autoSubmitted'), 'no') = 'no' and m.created_at > r.last_reply),
      r.last_reply, x.created_at) end)`;
  const replyDue = sql`(select min(s.due_at) from ticket_slas s
      where s.workspace_id = x.workspace_id and s.ticket_id = x.id
        and s.metric in ('first_reply', 'next_reply') and s.due_at is not null and s.stopped_at is null)`;
  // LEAST ignores nulls: without a running reply clock the priority target alone decides.
  return sql`case when x.status in ('new', 'open') and x.assignee_id is null and x.merged_into_id is null then
      least(${replyDue}, ${waitingSince} + ${minutesCase('x.priority', priorityTargetMinutes, priorityTargetMinutes.normal)})
        - least(${minutesCase('c.tier', tierCreditMinutes, 0)}, make_interval(mins => ${sql.raw(String(maxTierCreditMinutes))}))
    end`;
}

/**
 * One UPDATE … FROM: computes the keys of the selected tickets and writes only those that changed
 * (an unchanged key writes no row version). `selection` filters `tickets x`.
 */
async function refreshKeys(tx: DbOrTx, workspaceId: string, selection: SQL, now: Date): Promise<void> {
  await tx.execute(sql`
    update tickets t set queue_key = k.queue_key
    from (
      select x.id, ${queueKeyExpression(now)} as queue_key
      from tickets x
      join customers c on c.workspace_id = x.workspace_id and c.id = x.customer_id
      left join lateral (
        select max(m.created_at) as last_reply from messages m
        where x.first_reply_at is not null and m.workspace_id = x.workspace_id and m.ticket_id = x.id
          and m.direction = 'outbound' and m.author_type = 'agent' and m.withdrawn_at is null
      ) r on true
      where x.workspace_id = ${workspaceId} and ${selection}
    ) k
    where t.workspace_id = ${workspaceId} and t.id = k.id and t.queue_key is distinct from k.queue_key`);
}

export async function refreshTicketQueueKeys(tx: DbOrTx, workspaceId: string, ticketIds: readonly string[], now: Date): Promise<void> {
  if (ticketIds.length === 0) return;
  await refreshKeys(tx, workspaceId, sql`x.id = any(${uuidArray(ticketIds)})`, now);
}

/** After a tier change: every ticket of the customer that is in the queue (or still has a stale key). */
export async function refreshCustomerTicketQueueKeys(tx: DbOrTx, workspaceId: string, customerId: string, now: Date): Promise<void> {
  await refreshKeys(tx, workspaceId, sql`x.customer_id = ${customerId} and (x.status in ('new', 'open') or x.queue_key is not null)`, now);
}

export interface QueueCandidate {
  id: string;
  number: number;
  queueKey: Date;
}

function toCandidate(row: { id: string; number: number | string; queue_key: Date | string }): QueueCandidate {
  return { id: row.id, number: Number(row.number), queueKey: new Date(row.queue_key) };
}

/**
 * The first `limit` tickets of the queue for one team, or for a person: the queues of their teams
 * plus the tickets routed to no team (or the whole workspace when they are in no team). Each
 * team's queue is an ordered walk of tickets_queue_team_idx that stops at `limit`; the few rows
 * from all teams are then merged. No sort over the queue, however long it is.
 */
export async function queueCandidates(db: DbOrTx, workspaceId: string, scope: QueueScope, limit: number): Promise<QueueCandidate[]> {
  const result = await db.execute(queueCandidatesQuery(workspaceId, scope, limit));
  return executedRows<Parameters<typeof toCandidate>[0]>(result).map(toCandidate);
}

export type QueueScope = { teamId: string } | { userId: string | null };

/** The statement of `queueCandidates`, also for EXPLAIN in the benchmark. */
export function queueCandidatesQuery(workspaceId: string, scope: QueueScope, limit: number): SQL {
  if ('teamId' in scope) {
    return sql`
      select t.id, t.number, t.queue_key from tickets t
      where t.workspace_id = ${workspaceId} and t.team_id = ${scope.teamId} and ${inQueue('t')}
      order by t.queue_key limit ${limit}`;
  }
  return sql`
    with mine as materialized (
      select tm.team_id from team_members tm where tm.workspace_id = ${workspaceId} and tm.user_id = ${scope.userId}
    )
    select c.id, c.number, c.queue_key from (
      select q.id, q.number, q.queue_key from mine cross join lateral (
        select t.id, t.number, t.queue_key from tickets t
        where t.workspace_id = ${workspaceId} and t.team_id = mine.team_id and ${inQueue('t')}
        order by t.queue_key limit ${limit}
      ) q
      union all
      -- "order by team_id, queue_key", not just queue_key: the planner then reads tickets_queue_team_idx in order
      -- (IS NULL is no equality for it); by queue_key alone it walks the whole workspace queue filtering for nulls.
      (select t.id, t.number, t.queue_key from tickets t
        where t.workspace_id = ${workspaceId} and t.team_id is null and ${inQueue('t')} and exists (select 1 from mine)
        order by t.team_id, t.queue_key limit ${limit})
      union all
      (select t.id, t.number, t.queue_key from tickets t
        where t.workspace_id = ${workspaceId} and ${inQueue('t')} and not exists (select 1 from mine)
        order by t.queue_key limit ${limit})
    ) c
    order by c.queue_key, c.id limit ${limit}`;
}

/**
 * Row-locks the first of these candidates that is still in the queue and not locked by another
 * transaction (`skip locked`: two agents taking at once get different tickets). The WHERE is
 * re-checked on the locked row, so a ticket someone else took meanwhile is skipped too.
 */
export async function lockFirstCandidate(tx: DbOrTx, workspaceId: string, ids: readonly string[]): Promise<{ id: string; number: number; status: string } | null> {
  if (ids.length === 0) return null;
  const result = await tx.execute(sql`
    select t.id, t.number, t.status from tickets t
    where t.workspace_id = ${workspaceId} and t.id = any(${uuidArray(ids)}) and ${inQueue('t')}
    order by t.queue_key, t.id limit 1
    for update skip locked`);
  const row = executedRows<{ id: string; number: number | string; status: string }>(result)[0];
  return row ? { id: row.id, number: Number(row.number), status: row.status } : null;
}

/** Assigns a ticket locked by `lockFirstCandidate`; a new ticket becomes open, as any assignment of a new ticket does. */
export async function assignQueuedTicket(tx: DbOrTx, workspaceId: string, ticketId: string, assigneeId: string, now: Date): Promise<void> {
  await tx.execute(sql`
    update tickets set assignee_id = ${assigneeId}, status = case when status = 'new' then 'open' else status end,
      updated_at = ${now.toISOString()}::timestamptz
    where workspace_id = ${workspaceId} and id = ${ticketId}`);
}

export async function teamInWorkspace(db: DbOrTx, workspaceId: string, teamId: string): Promise<boolean> {
  const result = await db.execute(sql`select 1 as found from teams where workspace_id = ${workspaceId} and id = ${teamId}`);
  return executedRows(result).length > 0;
}

export interface ParityRow {
  tier: string;
  tickets: number;
  replied: number;
  firstReplyMedian: number | null;
  firstReplyP90: number | null;
  solved: number;
  resolutionMedian: number | null;
  resolutionP90: number | null;
}

/**
 * First-reply and resolution times by customer tier, in minutes, over the tickets created in
 * [from, to). Merged-away tickets are left out (their conversation lives on in another ticket).
 * percentile_cont skips the nulls of tickets not yet replied to / solved.
 */
export async function parityByTier(db: DbOrTx, workspaceId: string, from: Date, to: Date): Promise<ParityRow[]> {
  const result = await db.execute(sql`
    select c.tier,
      count(*)::int as tickets,
      count(t.first_reply_at)::int as replied,
      percentile_cont(0.5) within group (order by extract(epoch from t.first_reply_at - t.created_at) / 60) as first_reply_median,
      percentile_cont(0.9) within group (order by extract(epoch from t.first_reply_at - t.created_at) / 60) as first_reply_p90,
      count(t.solved_at)::int as solved,
      percentile_cont(0.5) within group (order by extract(epoch from t.solved_at - t.created_at) / 60) as resolution_median,
      percentile_cont(0.9) within group (order by extract(epoch from t.solved_at - t.created_at) / 60) as resolution_p90
    from tickets t
    join customers c on c.workspace_id = t.workspace_id and c.id = t.customer_id
    where t.workspace_id = ${workspaceId} and t.created_at >= ${from.toISOString()}::timestamptz
      and t.created_at < ${to.toISOString()}::timestamptz and t.merged_into_id is null
    group by c.tier`);
  const number = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
  return executedRows<Record<string, unknown>>(result).map((row) => ({
    tier: String(row['tier']),
    tickets: Number(row['tickets']),
    replied: Number(row['replied']),
    firstReplyMedian: number(row['first_reply_median']),
    firstReplyP90: number(row['first_reply_p90']),
    solved: Number(row['solved']),
    resolutionMedian: number(row['resolution_median']),
    resolutionP90: number(row['resolution_p90']),
  }));
}
