import { TicketRefParams } from '@rapport/contracts/tickets';
import { ServiceSettingsDto, TicketWaitingDto, UpdateServiceSettingsBody, WaitingOverrideBody } from '@rapport/contracts/waiting';
import type { AppDeps } from '../../platform/app-deps.ts';
import { defineRoute, type AnyRoute } from '../../platform/route.ts';
import { requireTicketId } from '../tickets/get-ticket.ts';
import { getServiceSettings, overrideTicketWaiting, ticketWaiting, updateServiceSettings } from './waiting.ts';

export function waitingRoutes(deps: AppDeps): AnyRoute[] {
  const tag = 'waiting';
  return [
    defineRoute({
      id: 'service-settings.get',
      method: 'GET',
      url: '/api/v1/service-settings',
      permission: 'service.read',
      tag,
      summary: 'Waiting on the customer: after how many business days pending the customer is reminded, and the ticket solved with a notice',
      response: ServiceSettingsDto,
      handler: ({ actor }) => getServiceSettings(deps, actor),
    }),
    defineRoute({
      id: 'service-settings.update',
      method: 'PATCH',
      url: '/api/v1/service-settings',
      permission: 'service.manage',
      tag,
      summary: 'Change the reminder and automatic-close days (1–60, or null for never; the close after the reminder); applies to tickets that go pending from now',
      body: UpdateServiceSettingsBody,
      response: ServiceSettingsDto,
      handler: ({ actor, body }) => updateServiceSettings(deps, actor, body),
    }),
    defineRoute({
      id: 'tickets.waiting',
      method: 'GET',
      url: '/api/v1/tickets/:ref/waiting',
      permission: 'ticket.read',
      tag,
      summary: "A ticket's wait on the customer: pending since, reminder and automatic close times (all null when not pending)",
      params: TicketRefParams,
      response: TicketWaitingDto,
      handler: async ({ actor, params }) => ticketWaiting(deps, actor, await requireTicketId(deps.db, actor, params.ref)),
    }),
    defineRoute({
      id: 'tickets.waiting.override',
      method: 'POST',
      url: '/api/v1/tickets/:ref/waiting',
      permission: 'ticket.update',
      tag,
      summary: 'Override the automatic close of a waiting ticket: postpone it (keep waiting) or never close it, with a reason (audited)',
      params: TicketRefParams,
      body: WaitingOverrideBody,
      response: TicketWaitingDto,
      successStatus: 200,
      handler: ({ actor, params, body }) => overrideTicketWaiting(deps, actor, params.ref, body),
    }),
  ];
}
