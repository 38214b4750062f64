import { IdParams } from '@rapport/contracts/common';
import { CreateTeamBody, SetTeamMembersBody, TeamDto, TeamList } from '@rapport/contracts/people';
import { DeletedTeam, DeleteTeamQuery, UpdateTeamBody } from '@rapport/contracts/workspace';
import type { AppDeps } from '../../platform/app-deps.ts';
import { defineRoute, type AnyRoute } from '../../platform/route.ts';
import { createTeam } from './create-team.ts';
import { deleteTeam, updateTeam } from './manage-team.ts';
import { setTeamMembers } from './set-team-members.ts';
import { withMembers } from './team-dto.ts';
import { listTeams } from './teams.queries.ts';

export function teamRoutes(deps: AppDeps): AnyRoute[] {
  const tag = 'teams';
  return [
    defineRoute({
      id: 'teams.list',
      method: 'GET',
      url: '/api/v1/teams',
      permission: 'team.read',
      tag,
      summary: 'The workspace\'s teams, by name, each with its members',
      response: TeamList,
      handler: async ({ actor }) => ({ items: await withMembers(deps.db, actor.workspaceId, await listTeams(deps.db, actor.workspaceId)) }),
    }),
    defineRoute({
      id: 'teams.create',
      method: 'POST',
      url: '/api/v1/teams',
      permission: 'team.manage',
      tag,
      summary: 'Create a team; names are unique in the workspace (honours Idempotency-Key)',
      body: CreateTeamBody,
      response: TeamDto,
      isIdempotent: true,
      handler: ({ actor, body }) => createTeam(deps, actor, body),
    }),
    defineRoute({
      id: 'teams.update',
      method: 'PATCH',
      url: '/api/v1/teams/:id',
      permission: 'team.manage',
      tag,
      summary: 'Rename a team',
      params: IdParams,
      body: UpdateTeamBody,
      response: TeamDto,
      handler: ({ actor, params, body }) => updateTeam(deps, actor, params.id, body),
    }),
    defineRoute({
      id: 'teams.members.set',
      method: 'PUT',
      url: '/api/v1/teams/:id/members',
      permission: 'team.manage',
      tag,
      summary: 'Replace a team\'s members; every user must be an active member of the workspace (else USER_NOT_FOUND, nothing changes)',
      params: IdParams,
      body: SetTeamMembersBody,
      response: TeamDto,
      handler: ({ actor, params, body }) => setTeamMembers(deps, actor, params.id, body),
    }),
    defineRoute({
      id: 'teams.delete',
      method: 'DELETE',
      url: '/api/v1/teams/:id',
      permission: 'team.manage',
      tag,
      summary: 'Delete a team; refused with TEAM_IN_USE while tickets use it, unless reassignTo names the team that takes them',
      params: IdParams,
      query: DeleteTeamQuery,
      response: DeletedTeam,
      handler: async ({ actor, params, query }) => ({ ok: true as const, ...(await deleteTeam(deps, actor, params.id, query.reassignTo)) }),
    }),
  ];
}
