import type { CreateTeamBody, TeamDto } from '@rapport/contracts/people';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/events.ts';
import { insertTeam } from './teams.queries.ts';

export async function createTeam(deps: AppDeps, actor: Actor, input: CreateTeamBody): Promise<TeamDto> {
  return deps.db.transaction(async (tx) => {
    const team = await insertTeam(tx, { workspaceId: actor.workspaceId, name: input.name, now: deps.clock.now() });
    if (!team) {
      throw new AppError('NAME_TAKEN', { message: `There is already a team called "${input.name}".`, details: { field: 'name', name: input.name } });
    }
    await recordAudit(tx, actor, { action: 'team.created', subjectType: 'team', subjectId: team.id, data: { name: team.name } });
    return { ...team, members: [] };
  });
}
