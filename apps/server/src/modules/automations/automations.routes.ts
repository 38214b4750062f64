/** Automations (issue 7 part 9, P7): the ordered rules (leads and admins), their run log, and overriding a run on a ticket. */
import { IdParams, Ok } from '@rapport/contracts/common';
import {
  AutomationDto,
  AutomationList,
  AutomationOrderBody,
  AutomationRunDto,
  AutomationRunList,
  AutomationRunPage,
  AutomationRunParams,
  AutomationRunsQuery,
  CreateAutomationBody,
  OverrideAutomationRunBody,
  UpdateAutomationBody,
} from '@rapport/contracts/automations';
import { TicketRefParams } from '@rapport/contracts/tickets';
import type { AppDeps } from '../../platform/app-deps.ts';
import { defineRoute, type AnyRoute } from '../../platform/route.ts';
import {
  createAutomation,
  deleteAutomation,
  listAutomationRuns,
  listAutomations,
  listTicketAutomationRuns,
  overrideAutomationRun,
  reorderAutomations,
  updateAutomation,
} from './automations.ts';

export function automationRoutes(deps: AppDeps): AnyRoute[] {
  const tag = 'automations';
  return [
    defineRoute({
      id: 'automations.list',
      method: 'GET',
      url: '/api/v1/automations',
      permission: 'automation.manage',
      tag,
      summary: 'The automations of the workspace in the order they run, each with its runs and stopped loops of the last 7 days',
      response: AutomationList,
      handler: ({ actor }) => listAutomations(deps, actor),
    }),
    defineRoute({
      id: 'automations.create',
      method: 'POST',
      url: '/api/v1/automations',
      permission: 'automation.manage',
      tag,
      summary: 'Add an automation (appended at the end of the order); teams and members it names must belong to the workspace',
      body: CreateAutomationBody,
      response: AutomationDto,
      isIdempotent: true,
      handler: ({ actor, body }) => createAutomation(deps, actor, body),
    }),
    defineRoute({
      id: 'automations.reorder',
      method: 'PUT',
      url: '/api/v1/automations/order',
      permission: 'automation.manage',
      tag,
      summary: 'Set the order automations run in: every automation id of the workspace exactly once',
      body: AutomationOrderBody,
      response: AutomationList,
      handler: ({ actor, body }) => reorderAutomations(deps, actor, body.ids),
    }),
    defineRoute({
      id: 'automations.update',
      method: 'PATCH',
      url: '/api/v1/automations/:id',
      permission: 'automation.manage',
      tag,
      summary: 'Change an automation (switch it on or off, its trigger, delay, conditions or actions); audited with before and after',
      params: IdParams,
      body: UpdateAutomationBody,
      response: AutomationDto,
      handler: ({ actor, params, body }) => updateAutomation(deps, actor, params.id, body),
    }),
    defineRoute({
      id: 'automations.delete',
      method: 'DELETE',
      url: '/api/v1/automations/:id',
      permission: 'automation.manage',
      tag,
      summary: 'Delete an automation and its run log (the ticket audit keeps what it did)',
      params: IdParams,
      response: Ok,
      handler: async ({ actor, params }) => {
        await deleteAutomation(deps, actor, params.id);
        return { ok: true as const };
      },
    }),
    defineRoute({
      id: 'automations.runs',
      method: 'GET',
      url: '/api/v1/automations/:id/runs',
      permission: 'automation.manage',
      tag,
      summary: "An automation's runs on every ticket, newest first, optionally of one outcome (applied, stopped_loop, failed)",
      params: IdParams,
      query: AutomationRunsQuery,
      response: AutomationRunPage,
      handler: ({ actor, params, query }) => listAutomationRuns(deps, actor, params.id, query),
    }),
    defineRoute({
      id: 'tickets.automationRuns',
      method: 'GET',
      url: '/api/v1/tickets/:ref/automation-runs',
      permission: 'ticket.read',
      tag,
      summary: "The ticket's automation run log, oldest first: what each automation changed, and who overrode it",
      params: TicketRefParams,
      response: AutomationRunList,
      handler: ({ actor, params }) => listTicketAutomationRuns(deps, actor, params.ref),
    }),
    defineRoute({
      id: 'tickets.automationRuns.override',
      method: 'POST',
      url: '/api/v1/tickets/:ref/automation-runs/:runId/override',
      permission: 'ticket.update',
      tag,
      summary:
        'Override an automation run with a reason: by default revert what it changed (fields still holding the value it set); that automation then leaves the ticket alone',
      params: AutomationRunParams,
      body: OverrideAutomationRunBody,
      response: AutomationRunDto,
      successStatus: 200,
      handler: ({ actor, params, body }) => overrideAutomationRun(deps, actor, params.ref, params.runId, body),
    }),
  ];
}
