import { CreateMacroBody, MacroDto, MacroList, RenderMacroQuery, RenderedMacro, UpdateMacroBody } from '@rapport/contracts/composer';
import { IdParams, Ok } from '@rapport/contracts/common';
import type { AppDeps } from '../../platform/app-deps.ts';
import { defineRoute, type AnyRoute } from '../../platform/route.ts';
import { createMacro, deleteMacro, listMacros, renderMacro, updateMacro } from './macros.ts';

export function macroRoutes(deps: AppDeps): AnyRoute[] {
  const tag = 'macros';
  return [
    defineRoute({
      id: 'macros.list',
      method: 'GET',
      url: '/api/v1/macros',
      permission: 'macro.use',
      tag,
      summary: 'Shared macros and your personal ones, by name',
      response: MacroList,
      handler: ({ actor }) => listMacros(deps, actor),
    }),
    defineRoute({
      id: 'macros.create',
      method: 'POST',
      url: '/api/v1/macros',
      permission: 'macro.use',
      tag,
      summary: 'Create a personal macro, or a shared one (admins and leads)',
      body: CreateMacroBody,
      response: MacroDto,
      handler: ({ actor, body }) => createMacro(deps, actor, body),
    }),
    defineRoute({
      id: 'macros.update',
      method: 'PATCH',
      url: '/api/v1/macros/:id',
      permission: 'macro.use',
      tag,
      summary: 'Change a macro (shared ones: admins and leads; personal ones: their owner)',
      params: IdParams,
      body: UpdateMacroBody,
      response: MacroDto,
      handler: ({ actor, params, body }) => updateMacro(deps, actor, params.id, body),
    }),
    defineRoute({
      id: 'macros.delete',
      method: 'DELETE',
      url: '/api/v1/macros/:id',
      permission: 'macro.use',
      tag,
      summary: 'Delete a macro (shared ones: admins and leads; personal ones: their owner)',
      params: IdParams,
      response: Ok,
      handler: async ({ actor, params }) => {
        await deleteMacro(deps, actor, params.id);
        return { ok: true as const };
      },
    }),
    defineRoute({
      id: 'macros.render',
      method: 'GET',
      url: '/api/v1/macros/:id/render',
      permission: 'macro.use',
      tag,
      summary: 'The macro filled for a ticket: placeholders replaced, unknown or empty ones reported (nothing is stored)',
      params: IdParams,
      query: RenderMacroQuery,
      response: RenderedMacro,
      handler: ({ actor, params, query }) => renderMacro(deps, actor, params.id, query.ticket),
    }),
  ];
}
