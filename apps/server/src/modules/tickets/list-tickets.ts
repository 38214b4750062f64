import type { ListTicketsQuery, TicketPage } from '@rapport/contracts/tickets';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { decodeCursor, encodeCursor } from '../../platform/keyset-cursor.ts';
import { toTicketSummary } from './ticket-dto.ts';
import { cursorValuesOf, listTickets as queryTickets } from './tickets.queries.ts';

export async function listTickets(deps: AppDeps, actor: Actor, query: ListTicketsQuery): Promise<TicketPage> {
  const assigneeId = query.assignee === 'me' ? actor.userId : query.assignee === 'none' ? null : query.assignee;
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = await queryTickets(deps.db, actor.workspaceId, { ...query, assigneeId }, cursor);
  const hasMore = rows.length > query.limit;
  const pageRows = hasMore ? rows.slice(0, query.limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return {
    items: pageRows.map(toTicketSummary),
    nextCursor: hasMore && last ? encodeCursor({ values: cursorValuesOf(last.ticket, query.sort), id: last.ticket.id }) : null,
  };
}
