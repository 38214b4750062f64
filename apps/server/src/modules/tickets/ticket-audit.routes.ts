import { TicketRefParams } from '@rapport/contracts/tickets';
import { TicketAuditPage, TicketAuditQuery } from '@rapport/contracts/ticket-audit';
import type { AppDeps } from '../../platform/app-deps.ts';
import { defineRoute, type AnyRoute } from '../../platform/route.ts';
import { getTicketAudit } from './ticket-audit.ts';

export function ticketAuditRoutes(deps: AppDeps): AnyRoute[] {
  return [
    defineRoute({
      id: 'tickets.audit',
      method: 'GET',
      url: '/api/v1/tickets/:ref/audit',
      permission: 'ticket.read',
      tag: 'tickets',
      summary: 'The audit trail of a ticket: who changed what, when, before and after (paginated)',
      params: TicketRefParams,
      query: TicketAuditQuery,
      response: TicketAuditPage,
      handler: ({ actor, params, query }) => getTicketAudit(deps, actor, params.ref, query),
    }),
  ];
}
