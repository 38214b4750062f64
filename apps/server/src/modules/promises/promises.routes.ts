/** Promises made in sent replies (issue 7 part 6, P26): a ticket's, a person's or everyone's, and closing them. */
import { IdParams } from '@rapport/contracts/common';
import { ListPromisesQuery, PromiseDto, PromisePage, TicketPromiseList, UpdatePromiseBody } from '@rapport/contracts/promises';
import { TicketRefParams } from '@rapport/contracts/tickets';
import type { AppDeps } from '../../platform/app-deps.ts';
import { defineRoute, type AnyRoute } from '../../platform/route.ts';
import { requireTicketId } from '../tickets/get-ticket.ts';
import { listPromises, listTicketPromises, updatePromise } from './promises.ts';

export function promiseRoutes(deps: AppDeps): AnyRoute[] {
  const tag = 'promises';
  return [
    defineRoute({
      id: 'tickets.promises',
      method: 'GET',
      url: '/api/v1/tickets/:ref/promises',
      permission: 'ticket.read',
      tag,
      summary: "A ticket's promises from sent replies: open ones soonest due first (overdue ones flagged), then the closed ones",
      params: TicketRefParams,
      response: TicketPromiseList,
      handler: async ({ actor, params }) => listTicketPromises(deps, actor, await requireTicketId(deps.db, actor, params.ref)),
    }),
    defineRoute({
      id: 'promises.list',
      method: 'GET',
      url: '/api/v1/promises',
      permission: 'ticket.read',
      tag,
      summary:
        'Promises by owner (me, a member id, or everyone) and status (open — the default —, overdue = open and past due, kept, broken, dropped); open ones soonest due first',
      query: ListPromisesQuery,
      response: PromisePage,
      handler: ({ actor, query }) => listPromises(deps, actor, query),
    }),
    defineRoute({
      id: 'promises.update',
      method: 'PATCH',
      url: '/api/v1/promises/:id',
      permission: 'ticket.update',
      tag,
      summary: 'Edit an open promise (text and/or due time, with a reason) or close it: kept, broken, or dropped with a reason. Audited with before and after',
      params: IdParams,
      body: UpdatePromiseBody,
      response: PromiseDto,
      handler: ({ actor, params, body }) => updatePromise(deps, actor, params.id, body),
    }),
  ];
}
