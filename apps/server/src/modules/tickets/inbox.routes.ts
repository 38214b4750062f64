import { BulkTicketsBody, BulkTicketsResponse, TicketReadState } from '@rapport/contracts/inbox';
import { TicketRefParams } from '@rapport/contracts/tickets';
import type { AppDeps } from '../../platform/app-deps.ts';
import { defineRoute, type AnyRoute } from '../../platform/route.ts';
import { bulkUpdateTickets } from './bulk-update.ts';
import { markTicketRead, markTicketUnread } from './ticket-reads.ts';

/** The inbox's ticket routes: bulk actions and personal read markers. */
export function inboxRoutes(deps: AppDeps): AnyRoute[] {
  const tag = 'tickets';
  return [
    defineRoute({
      id: 'tickets.bulk',
      method: 'POST',
      url: '/api/v1/tickets/bulk',
      permission: 'ticket.update',
      tag,
      summary: 'Apply one change (assign, team, tags, status) or a merge to up to 100 tickets; per-ticket results, failures do not stop the rest',
      body: BulkTicketsBody,
      response: BulkTicketsResponse,
      successStatus: 200,
      isIdempotent: true,
      handler: ({ actor, body }) => bulkUpdateTickets(deps, actor, body),
    }),
    defineRoute({
      id: 'tickets.markRead',
      method: 'POST',
      url: '/api/v1/tickets/:ref/read',
      permission: 'ticket.read',
      tag,
      summary: 'Mark the ticket read by you now (called when you open it)',
      params: TicketRefParams,
      response: TicketReadState,
      successStatus: 200,
      handler: ({ actor, params }) => markTicketRead(deps, actor, params.ref),
    }),
    defineRoute({
      id: 'tickets.markUnread',
      method: 'DELETE',
      url: '/api/v1/tickets/:ref/read',
      permission: 'ticket.read',
      tag,
      summary: 'Mark the ticket unread for you',
      params: TicketRefParams,
      response: TicketReadState,
      handler: ({ actor, params }) => markTicketUnread(deps, actor, params.ref),
    }),
  ];
}
