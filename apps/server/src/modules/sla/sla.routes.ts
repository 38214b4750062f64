import { IdParams, Ok } from '@rapport/contracts/common';
import { CreateSlaPolicyBody, ReorderSlaPoliciesBody, SlaPolicyDto, SlaPolicyList, TicketSlaList, UpdateSlaPolicyBody } from '@rapport/contracts/service';
import { SlaOverrideBody, SlaOverrideParams } from '@rapport/contracts/overrides';
import { TicketRefParams } from '@rapport/contracts/tickets';
import type { AppDeps } from '../../platform/app-deps.ts';
import { defineRoute, type AnyRoute } from '../../platform/route.ts';
import { requireTicketId } from '../tickets/get-ticket.ts';
import { createSlaPolicy, deleteSlaPolicy, listSlaPolicies, overrideSlaClock, reorderSlaPolicies, ticketSlaClocks, updateSlaPolicy } from './sla.ts';

export function slaRoutes(deps: AppDeps): AnyRoute[] {
  const tag = 'sla';
  return [
    defineRoute({
      id: 'sla.policies.list',
      method: 'GET',
      url: '/api/v1/sla-policies',
      permission: 'service.read',
      tag,
      summary: 'SLA policies in the order they are tried; the first enabled one whose conditions match a ticket applies',
      response: SlaPolicyList,
      handler: ({ actor }) => listSlaPolicies(deps, actor),
    }),
    defineRoute({
      id: 'sla.policies.create',
      method: 'POST',
      url: '/api/v1/sla-policies',
      permission: 'service.manage',
      tag,
      summary: 'Add an SLA policy (tried after the existing ones); open tickets are re-evaluated (honours Idempotency-Key)',
      body: CreateSlaPolicyBody,
      response: SlaPolicyDto,
      isIdempotent: true,
      handler: ({ actor, body }) => createSlaPolicy(deps, actor, body),
    }),
    defineRoute({
      id: 'sla.policies.update',
      method: 'PATCH',
      url: '/api/v1/sla-policies/:id',
      permission: 'service.manage',
      tag,
      summary: 'Change an SLA policy; open tickets are re-evaluated',
      params: IdParams,
      body: UpdateSlaPolicyBody,
      response: SlaPolicyDto,
      handler: ({ actor, params, body }) => updateSlaPolicy(deps, actor, params.id, body),
    }),
    defineRoute({
      id: 'sla.policies.delete',
      method: 'DELETE',
      url: '/api/v1/sla-policies/:id',
      permission: 'service.manage',
      tag,
      summary: 'Delete an SLA policy; open tickets are re-evaluated (their clocks under it go)',
      params: IdParams,
      response: Ok,
      handler: async ({ actor, params }) => {
        await deleteSlaPolicy(deps, actor, params.id);
        return { ok: true as const };
      },
    }),
    defineRoute({
      id: 'sla.policies.reorder',
      method: 'PUT',
      url: '/api/v1/sla-policies/order',
      permission: 'service.manage',
      tag,
      summary: 'Set the order in which SLA policies are tried (every policy id exactly once)',
      body: ReorderSlaPoliciesBody,
      response: SlaPolicyList,
      handler: ({ actor, body }) => reorderSlaPolicies(deps, actor, body),
    }),
    defineRoute({
      id: 'tickets.sla',
      method: 'GET',
      url: '/api/v1/tickets/:ref/sla',
      permission: 'ticket.read',
      tag,
      summary: "A ticket's SLA clocks: first reply, next reply and resolution, each running, paused, met or breached",
      params: TicketRefParams,
      response: TicketSlaList,
      handler: async ({ actor, params }) => ticketSlaClocks(deps, actor, await requireTicketId(deps.db, actor, params.ref)),
    }),
    defineRoute({
      id: 'tickets.sla.override',
      method: 'POST',
      url: '/api/v1/tickets/:ref/sla/:metric/override',
      permission: 'sla.override',
      tag,
      summary:
        'Override one SLA clock with a reason: extend adds minutes to its target (its due time moves; a recorded breach stays unless the new due time is in the future), waive stops it for good; OVERRIDE_NOT_APPLICABLE without such a clock',
      params: SlaOverrideParams,
      body: SlaOverrideBody,
      response: TicketSlaList,
      successStatus: 200,
      handler: ({ actor, params, body }) => overrideSlaClock(deps, actor, params.ref, params.metric, body),
    }),
  ];
}
