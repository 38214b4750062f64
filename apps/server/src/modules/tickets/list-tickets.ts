import type { ListTicketsQuery, TicketPage } from '@rapport/contracts/tickets';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { resolveAssigneeFilter } from './assignee-filter.ts';
import { decodeCursor, toPage } from '../../platform/keyset-cursor.ts';
import { readTimes } from './inbox.queries.ts';
import { isUnread } from './ticket-reads.ts';
import { toTicketSummary } from './ticket-dto.ts';
import { cursorValuesOf, listTickets as queryTickets } from './tickets.queries.ts';

/** A page of tickets; for a person, each row says whether it holds a message they have not read. */
export async function listTickets(deps: AppDeps, actor: Actor, query: ListTicketsQuery): Promise<TicketPage> {
  const assigneeId = resolveAssigneeFilter(actor, query.assignee);
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = await queryTickets(deps.db, actor.workspaceId, { ...query, assigneeId }, cursor);
  const reads = actor.userId ? await readTimes(deps.db, actor.workspaceId, actor.userId, rows.map((row) => row.ticket.id)) : null;
  return toPage(
    rows,
    query.limit,
    (page) =>
      page.map((row) => {
        const summary = toTicketSummary(row);
        return reads ? { ...summary, isUnread: isUnread(row.ticket.lastMessageAt, reads.get(row.ticket.id) ?? null) } : summary;
      }),
    (last) => ({ values: cursorValuesOf(last.ticket, query.sort, last), id: last.ticket.id }),
  );
}
