/**
 * SQL of the inbox: the list filters (shared by the ticket list and the per-view counts), capped
 * counts, and read markers. Every function takes the workspace first.
 */
import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { customers, ticketReads, tickets, ticketSlas } from '@rapport/db/schema';
import { executedRows, type DbOrTx } from '@rapport/db/database';
import type { ListTicketsQuery } from '@rapport/contracts/tickets';

export type TicketFilters = Omit<ListTicketsQuery, 'assignee' | 'cursor' | 'limit' | 'sort'> & { assigneeId?: string | null | undefined };

/** `plan:pro` → key and value; the contract's regex guarantees the colon. */
export function splitFieldFilter(field: string): { key: string; value: string } {
  const colon = field.indexOf(':');
  return { key: field.slice(0, colon), value: field.slice(colon + 1) };
}

/**
 * The WHERE conditions of a filtered ticket list. Status and assignee lead so the planner can use
 * the inbox indexes (`tickets_open_by_assignee_idx`, `tickets_open_idx`, `tickets_status_idx`);
 * language, tier and custom-field filters are checked on the rows those indexes yield.
 */
export function ticketFilterConditions(workspaceId: string, filters: Partial<TicketFilters>): SQL[] {
  const conditions: SQL[] = [eq(tickets.workspaceId, workspaceId)];
  if (filters.status?.length) conditions.push(inArray(tickets.status, filters.status));
  if (filters.priority?.length) conditions.push(inArray(tickets.priority, filters.priority));
  if (filters.channel?.length) conditions.push(inArray(tickets.channel, filters.channel));
  if (filters.assigneeId === null) conditions.push(isNull(tickets.assigneeId));
  else if (filters.assigneeId) conditions.push(eq(tickets.assigneeId, filters.assigneeId));
  if (filters.team) conditions.push(eq(tickets.teamId, filters.team));
  if (filters.customer) conditions.push(eq(tickets.customerId, filters.customer));
  if (filters.tag) conditions.push(sql`${tickets.tags} @> array[${filters.tag}]::text[]`);
  if (filters.language?.length) conditions.push(inArray(tickets.language, filters.language));
  if (filters.tier?.length) {
    conditions.push(
      sql`exists (select 1 from ${customers} where ${customers.workspaceId} = ${tickets.workspaceId} and ${customers.id} = ${tickets.customerId} and ${inArray(customers.tier, filters.tier)})`,
    );
  }
  if (filters.field) {
    const { key, value } = splitFieldFilter(filters.field);
    // ->> renders numbers and booleans as text too, so "seats:5" and "vip:true" match.
    conditions.push(sql`(${tickets.customFields} ->> ${key}) = ${value}`);
  }
  if (filters.sla) conditions.push(slaCondition(filters.sla));
  return conditions;
}

/** SLA filters over the ticket's clocks that still run (or are paused): breached, warning (due soon), running, none. */
function slaCondition(filter: NonNullable<TicketFilters['sla']>): SQL {
  const clock = (condition: SQL) =>
    sql`exists (select 1 from ${ticketSlas} s where s.workspace_id = ${tickets.workspaceId} and s.ticket_id = ${tickets.id} and s.stopped_at is null and ${condition})`;
  switch (filter) {
    case 'breached':
      return clock(sql`(s.breached_at is not null or s.due_at <= now())`);
    case 'warning':
      return clock(sql`s.breached_at is null and s.running_since is not null and s.warn_at <= now() and s.due_at > now()`);
    case 'running':
      return clock(sql`s.running_since is not null`);
    case 'none':
      return sql`not ${clock(sql`true`)}`;
  }
}

/**
 * How many tickets match each filter set, counting at most `cap + 1` rows per set (so a view of a
 * million tickets costs a thousand index entries, not a million). One round trip for all sets.
 */
export async function countTicketsCapped(db: DbOrTx, workspaceId: string, sets: readonly Partial<TicketFilters>[], cap: number): Promise<number[]> {
  if (sets.length === 0) return [];
  const parts = sets.map((filters, index) => {
    const capped = db
      .select({ one: sql`1` })
      .from(tickets)
      .where(and(...ticketFilterConditions(workspaceId, filters)))
      .limit(cap + 1);
    return sql`select ${index}::int as position, (select count(*)::int from (${capped}) as capped) as count`;
  });
  const rows = executedRows<{ position: number; count: number }>(await db.execute(sql.join(parts, sql` union all `)));
  const counts = new Array<number>(sets.length).fill(0);
  for (const row of rows) counts[Number(row.position)] = Number(row.count);
  return counts;
}

/** When the user last read each of these tickets (tickets never read are absent). */
export async function readTimes(db: DbOrTx, workspaceId: string, userId: string, ticketIds: readonly string[]): Promise<Map<string, Date>> {
  if (ticketIds.length === 0) return new Map();
  const rows = await db
    .select({ ticketId: ticketReads.ticketId, readAt: ticketReads.readAt })
    .from(ticketReads)
    .where(and(eq(ticketReads.workspaceId, workspaceId), eq(ticketReads.userId, userId), inArray(ticketReads.ticketId, [...ticketIds])));
  return new Map(rows.map((row) => [row.ticketId, row.readAt]));
}

/** Marks the ticket read at `at` (never moving an existing marker backwards). */
export async function upsertReadMarker(db: DbOrTx, workspaceId: string, ticketId: string, userId: string, at: Date): Promise<Date> {
  const [row] = await db
    .insert(ticketReads)
    .values({ workspaceId, ticketId, userId, readAt: at })
    .onConflictDoUpdate({
      target: [ticketReads.workspaceId, ticketReads.ticketId, ticketReads.userId],
      set: { readAt: sql`greatest(${ticketReads.readAt}, excluded.read_at)` },
    })
    .returning({ readAt: ticketReads.readAt });
  if (!row) throw new Error('read marker upsert returned nothing');
  return row.readAt;
}

export async function deleteReadMarker(db: DbOrTx, workspaceId: string, ticketId: string, userId: string): Promise<void> {
  await db
    .delete(ticketReads)
    .where(and(eq(ticketReads.workspaceId, workspaceId), eq(ticketReads.ticketId, ticketId), eq(ticketReads.userId, userId)));
}
