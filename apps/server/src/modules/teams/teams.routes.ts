import { CreateTeamBody, TeamDto, TeamList } from '@rapport/contracts/people';
import type { AppDeps } from '../../platform/app-deps.ts';
import { defineRoute, type AnyRoute } from '../../platform/route.ts';
import { createTeam } from './create-team.ts';
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
      summary: 'The workspace\'s teams, by name',
      response: TeamList,
      handler: async ({ actor }) => ({ items: await listTeams(deps.db, actor.workspaceId) }),
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
  ];
}
