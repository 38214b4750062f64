import type { ListTicketsQuery, TicketPage } from '@rapport/contracts/tickets';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { resolveAssigneeFilter } from './assignee-filter.ts';
import { decodeCursor, toPage } from '../../platform/keyset-cursor.ts';
import { toTicketSummary } from './ticket-dto.ts';
import { cursorValuesOf, listTickets as queryTickets } from './tickets.queries.ts';

export async function listTickets(deps: AppDeps, actor: Actor, query: ListTicketsQuery): Promise<TicketPage> {
  const assigneeId = resolveAssigneeFilter(actor, query.assignee);
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = await queryTickets(deps.db, actor.workspaceId, { ...query, assigneeId }, cursor);
  return toPage(rows, query.limit, (page) => page.map(toTicketSummary), (last) => ({ values: cursorValuesOf(last.ticket, query.sort), id: last.ticket.id }));
}
