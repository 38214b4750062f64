/** The lists of overrides of automatic decisions (issue 7 part 9, P7): a ticket's, and the workspace's for leads. */
import { DecisionOverrideList, DecisionOverridePage, ListOverridesQuery } from '@rapport/contracts/overrides';
import { TicketRefParams } from '@rapport/contracts/tickets';
import type { AppDeps } from '../../platform/app-deps.ts';
import { defineRoute, type AnyRoute } from '../../platform/route.ts';
import { requireTicketId } from '../tickets/get-ticket.ts';
import { listOverrides, listTicketOverrides } from './overrides.ts';

export function overrideRoutes(deps: AppDeps): AnyRoute[] {
  const tag = 'overrides';
  return [
    defineRoute({
      id: 'tickets.overrides.list',
      method: 'GET',
      url: '/api/v1/tickets/:ref/overrides',
      permission: 'ticket.read',
      tag,
      summary: "Every override of an automatic decision on a ticket (SLA, routing, auto-close, limits, automations), oldest first, with its reason",
      params: TicketRefParams,
      response: DecisionOverrideList,
      handler: async ({ actor, params }) => listTicketOverrides(deps, actor, await requireTicketId(deps.db, actor, params.ref)),
    }),
    defineRoute({
      id: 'overrides.list',
      method: 'GET',
      url: '/api/v1/overrides',
      permission: 'report.read',
      tag,
      summary: "The workspace's overrides of automatic decisions, newest first, optionally of one kind (leads and admins)",
      query: ListOverridesQuery,
      response: DecisionOverridePage,
      handler: ({ actor, query }) => listOverrides(deps, actor, query),
    }),
  ];
}
