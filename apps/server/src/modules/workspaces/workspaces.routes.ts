import { UpdateWorkspaceBody, WorkspaceDto } from '@rapport/contracts/workspace';
import type { AppDeps } from '../../platform/app-deps.ts';
import { defineRoute, type AnyRoute } from '../../platform/route.ts';
import { getWorkspace, updateWorkspace } from './update-workspace.ts';

export function workspaceRoutes(deps: AppDeps): AnyRoute[] {
  const tag = 'workspace';
  return [
    defineRoute({
      id: 'workspace.get',
      method: 'GET',
      url: '/api/v1/workspace',
      permission: 'authenticated',
      tag,
      summary: 'The workspace you are signed in to: name, slug and time zone',
      response: WorkspaceDto,
      handler: ({ actor }) => getWorkspace(deps, actor),
    }),
    defineRoute({
      id: 'workspace.update',
      method: 'PATCH',
      url: '/api/v1/workspace',
      permission: 'workspace.manage',
      tag,
      summary: 'Rename the workspace or change its IANA time zone (the default for every member without their own)',
      body: UpdateWorkspaceBody,
      response: WorkspaceDto,
      handler: ({ actor, body }) => updateWorkspace(deps, actor, body),
    }),
  ];
}
