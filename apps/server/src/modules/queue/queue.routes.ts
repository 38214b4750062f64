import { NextTicket, NextTicketQuery, ParityQuery, ParityReport, TakeNextTicketBody } from '@rapport/contracts/queue';
import type { AppDeps } from '../../platform/app-deps.ts';
import { defineRoute, type AnyRoute } from '../../platform/route.ts';
import { parityReport, peekNextTicket, takeNextTicket } from './queue.ts';

export function queueRoutes(deps: AppDeps): AnyRoute[] {
  const tag = 'queue';
  return [
    defineRoute({
      id: 'queue.next',
      method: 'GET',
      url: '/api/v1/queue/next',
      permission: 'ticket.read',
      tag,
      summary: 'The next ticket of your queue (fair order, P17), without taking it',
      query: NextTicketQuery,
      response: NextTicket,
      handler: ({ actor, query }) => peekNextTicket(deps, actor, { teamId: query.team }),
    }),
    defineRoute({
      id: 'queue.take',
      method: 'POST',
      url: '/api/v1/queue/next',
      permission: 'ticket.update',
      tag,
      summary: 'Take the next ticket: assigns it to you; null when the queue is empty (honours Idempotency-Key)',
      body: TakeNextTicketBody,
      response: NextTicket,
      successStatus: 200,
      isIdempotent: true,
      handler: ({ actor, body }) => takeNextTicket(deps, actor, { teamId: body.team }),
    }),
    defineRoute({
      id: 'reports.parity',
      method: 'GET',
      url: '/api/v1/reports/parity',
      permission: 'report.read',
      tag: 'reports',
      summary: 'First-reply and resolution times by customer tier (P17 parity report)',
      query: ParityQuery,
      response: ParityReport,
      handler: ({ actor, query }) =>
        parityReport(deps.db, actor, {
          from: query.from ? new Date(query.from) : undefined,
          to: query.to ? new Date(query.to) : undefined,
          now: deps.clock.now(),
        }),
    }),
  ];
}
