import { IdParams, Ok } from '@rapport/contracts/common';
import { CreateViewBody, UpdateViewBody, ViewDto, ViewList } from '@rapport/contracts/catalogue';
import { ViewCountList } from '@rapport/contracts/inbox';
import type { AppDeps } from '../../platform/app-deps.ts';
import { defineRoute, type AnyRoute } from '../../platform/route.ts';
import { createView } from './create-view.ts';
import { deleteView } from './delete-view.ts';
import { updateView } from './update-view.ts';
import { viewCounts } from './view-counts.ts';
import { toViewDto } from './view-access.ts';
import { listVisibleViews } from './views.queries.ts';

export function viewRoutes(deps: AppDeps): AnyRoute[] {
  const tag = 'views';
  return [
    defineRoute({
      id: 'views.list',
      method: 'GET',
      url: '/api/v1/views',
      permission: 'view.read',
      tag,
      summary: 'Built-in, shared and your own saved views, by position then name',
      response: ViewList,
      handler: async ({ actor }) => ({ items: (await listVisibleViews(deps.db, actor.workspaceId, actor.userId)).map(toViewDto) }),
    }),
    defineRoute({
      id: 'views.counts',
      method: 'GET',
      url: '/api/v1/views/counts',
      permission: 'view.read',
      tag,
      summary: 'Ticket counts of the built-in inbox views (by key) and your visible saved views (by id), capped at 999',
      response: ViewCountList,
      handler: ({ actor }) => viewCounts(deps, actor),
    }),
    defineRoute({
      id: 'views.create',
      method: 'POST',
      url: '/api/v1/views',
      permission: 'view.write',
      tag,
      summary: 'Save a view; sharing it with the workspace takes a lead or admin (honours Idempotency-Key)',
      body: CreateViewBody,
      response: ViewDto,
      isIdempotent: true,
      handler: ({ actor, body }) => createView(deps, actor, body),
    }),
    defineRoute({
      id: 'views.update',
      method: 'PATCH',
      url: '/api/v1/views/:id',
      permission: 'view.write',
      tag,
      summary: 'Change a saved view (its owner, or a lead or admin for shared views; never built-in ones)',
      params: IdParams,
      body: UpdateViewBody,
      response: ViewDto,
      handler: ({ actor, params, body }) => updateView(deps, actor, params.id, body),
    }),
    defineRoute({
      id: 'views.delete',
      method: 'DELETE',
      url: '/api/v1/views/:id',
      permission: 'view.write',
      tag,
      summary: 'Delete a saved view (its owner, or a lead or admin for shared views; never built-in ones)',
      params: IdParams,
      response: Ok,
      handler: async ({ actor, params }) => {
        await deleteView(deps, actor, params.id);
        return { ok: true as const };
      },
    }),
  ];
}
