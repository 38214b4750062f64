import { EscalateBody, EscalationLevelList, PutEscalationLevelsBody, TicketEscalations } from '@rapport/contracts/escalations';
import { TicketRefParams } from '@rapport/contracts/tickets';
import type { AppDeps } from '../../platform/app-deps.ts';
import { defineRoute, type AnyRoute } from '../../platform/route.ts';
import { escalateTicket, listEscalationLevels, putEscalationLevels, ticketEscalations } from './escalations.ts';

export function escalationRoutes(deps: AppDeps): AnyRoute[] {
  const tag = 'escalations';
  return [
    defineRoute({
      id: 'escalations.levels.list',
      method: 'GET',
      url: '/api/v1/escalation-levels',
      permission: 'service.read',
      tag,
      summary: 'The escalation levels above the first line, in order: each with its team and/or named expert',
      response: EscalationLevelList,
      handler: ({ actor }) => listEscalationLevels(deps, actor),
    }),
    defineRoute({
      id: 'escalations.levels.put',
      method: 'PUT',
      url: '/api/v1/escalation-levels',
      permission: 'service.manage',
      tag,
      summary: 'Replace the whole ordered list of escalation levels (the first entry becomes level 1)',
      body: PutEscalationLevelsBody,
      response: EscalationLevelList,
      handler: ({ actor, body }) => putEscalationLevels(deps, actor, body),
    }),
    defineRoute({
      id: 'tickets.escalate',
      method: 'POST',
      url: '/api/v1/tickets/:ref/escalate',
      permission: 'ticket.update',
      tag,
      summary:
        "Move a ticket to another escalation level (default: the next one up) with a hand-off note: the level's team and expert take it, the note is added as an internal note (honours Idempotency-Key)",
      params: TicketRefParams,
      body: EscalateBody,
      response: TicketEscalations,
      isIdempotent: true,
      handler: ({ actor, params, body }) => escalateTicket(deps, actor, params.ref, body),
    }),
    defineRoute({
      id: 'tickets.escalations',
      method: 'GET',
      url: '/api/v1/tickets/:ref/escalations',
      permission: 'ticket.read',
      tag,
      summary: "A ticket's escalation level and its escalation history, newest first",
      params: TicketRefParams,
      response: TicketEscalations,
      handler: ({ actor, params }) => ticketEscalations(deps, actor, params.ref),
    }),
  ];
}
