import { IdParams, Ok } from '@rapport/contracts/common';
import {
  CreatePlaybookBody,
  PlaybookDto,
  PlaybookList,
  PlaybookRunDto,
  PlaybookRunParams,
  StartPlaybookBody,
  TicketPlaybooks,
  UpdatePlaybookBody,
  UpdatePlaybookRunBody,
} from '@rapport/contracts/playbooks';
import { TicketRefParams } from '@rapport/contracts/tickets';
import type { AppDeps } from '../../platform/app-deps.ts';
import { defineRoute, type AnyRoute } from '../../platform/route.ts';
import { checkPlaybookSteps, createPlaybook, deletePlaybook, listPlaybooks, startPlaybook, ticketPlaybooks, updatePlaybook } from './playbooks.ts';

export function playbookRoutes(deps: AppDeps): AnyRoute[] {
  const tag = 'playbooks';
  return [
    defineRoute({
      id: 'playbooks.list',
      method: 'GET',
      url: '/api/v1/playbooks',
      permission: 'macro.use',
      tag,
      summary: 'Playbooks of the workspace: the built-in ones first (seeded on first use), then custom ones by name',
      response: PlaybookList,
      handler: ({ actor }) => listPlaybooks(deps, actor),
    }),
    defineRoute({
      id: 'playbooks.create',
      method: 'POST',
      url: '/api/v1/playbooks',
      permission: 'macro.manage',
      tag,
      summary: 'Add a custom playbook: steps, a suggested shared macro and the resolution actions it allows',
      body: CreatePlaybookBody,
      response: PlaybookDto,
      isIdempotent: true,
      handler: ({ actor, body }) => createPlaybook(deps, actor, body),
    }),
    defineRoute({
      id: 'playbooks.update',
      method: 'PATCH',
      url: '/api/v1/playbooks/:id',
      permission: 'macro.manage',
      tag,
      summary: 'Change a playbook (built-in ones too: edit or switch them off)',
      params: IdParams,
      body: UpdatePlaybookBody,
      response: PlaybookDto,
      handler: ({ actor, params, body }) => updatePlaybook(deps, actor, params.id, body),
    }),
    defineRoute({
      id: 'playbooks.delete',
      method: 'DELETE',
      url: '/api/v1/playbooks/:id',
      permission: 'macro.manage',
      tag,
      summary: 'Delete a custom playbook and its runs (built-in ones can only be switched off)',
      params: IdParams,
      response: Ok,
      handler: async ({ actor, params }) => {
        await deletePlaybook(deps, actor, params.id);
        return { ok: true as const };
      },
    }),
    defineRoute({
      id: 'tickets.playbooks.list',
      method: 'GET',
      url: '/api/v1/tickets/:ref/playbooks',
      permission: 'ticket.read',
      tag,
      summary: "The playbooks started on a ticket with their checked steps, and the ones its rules suggest with the reason",
      params: TicketRefParams,
      response: TicketPlaybooks,
      handler: ({ actor, params }) => ticketPlaybooks(deps, actor, params.ref),
    }),
    defineRoute({
      id: 'tickets.playbooks.start',
      method: 'POST',
      url: '/api/v1/tickets/:ref/playbooks',
      permission: 'ticket.update',
      tag,
      summary: 'Start a playbook on a ticket; starting one already started returns that run',
      params: TicketRefParams,
      body: StartPlaybookBody,
      response: PlaybookRunDto,
      successStatus: 200,
      handler: ({ actor, params, body }) => startPlaybook(deps, actor, params.ref, body.playbookId),
    }),
    defineRoute({
      id: 'tickets.playbooks.check',
      method: 'PATCH',
      url: '/api/v1/tickets/:ref/playbooks/:playbookId',
      permission: 'ticket.update',
      tag,
      summary: 'Set the checked steps of a playbook run (the whole set); the run completes when every step is checked',
      params: PlaybookRunParams,
      body: UpdatePlaybookRunBody,
      response: PlaybookRunDto,
      handler: ({ actor, params, body }) => checkPlaybookSteps(deps, actor, params.ref, params.playbookId, body.checkedSteps),
    }),
  ];
}
