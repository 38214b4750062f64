import { automationsNamingTeam } from '../automations/automations.ts';
import type { TeamDto } from '@rapport/contracts/people';
import type { UpdateTeamBody } from '@rapport/contracts/workspace';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/events.ts';
import { withMembersOf } from './team-dto.ts';
import { countTeamTickets, deleteTeamRow, findTeam, moveTeamTickets, renameTeam } from './teams.queries.ts';

function teamNotFound(id: string): AppError {
  return new AppError('TEAM_NOT_FOUND', { message: 'No team with that id in this workspace.', details: { id } });
}

export async function updateTeam(deps: AppDeps, actor: Actor, teamId: string, input: UpdateTeamBody): Promise<TeamDto> {
  return deps.db.transaction(async (tx) => {
    const team = await findTeam(tx, actor.workspaceId, teamId, { lock: true });
    if (!team) throw teamNotFound(teamId);
    if (team.name === input.name) return withMembersOf(tx, actor.workspaceId, team);
    const renamed = await renameTeam(tx, actor.workspaceId, teamId, input.name);
    if (!renamed) {
      throw new AppError('NAME_TAKEN', { message: `There is already a team called "${input.name}".`, details: { field: 'name', name: input.name } });
    }
    await recordAudit(tx, actor, { action: 'team.renamed', subjectType: 'team', subjectId: teamId, data: { from: team.name, to: input.name } });
    return withMembersOf(tx, actor.workspaceId, renamed);
  });
}

/**
 * Deletes a team. Tickets never silently lose their team: while any ticket uses it the delete is
 * refused with TEAM_IN_USE (details carry the count), unless `reassignTo` names another team of the
 * workspace, which then takes those tickets in the same transaction. The team row is locked first,
 * so a ticket assigned to it meanwhile (its foreign key check needs a share lock) waits and then
 * fails cleanly instead of racing the delete.
 */
export async function deleteTeam(deps: AppDeps, actor: Actor, teamId: string, reassignTo: string | undefined): Promise<{ reassignedTickets: number }> {
  return deps.db.transaction(async (tx) => {
    const team = await findTeam(tx, actor.workspaceId, teamId, { lock: true });
    if (!team) throw teamNotFound(teamId);
    // An automation naming the team would fail on every run (assign) or never match (condition).
    const automations = await automationsNamingTeam(tx, actor.workspaceId, teamId);
    if (automations.length > 0) {
      const names = automations.map((automation) => `"${automation.name}"`).join(', ');
      throw new AppError('TEAM_USED_BY_AUTOMATIONS', {
        message: `${automations.length === 1 ? 'The automation' : 'The automations'} ${names} ${automations.length === 1 ? 'uses' : 'use'} the team "${team.name}"; change or delete ${automations.length === 1 ? 'it' : 'them'} first.`,
        details: { id: teamId, automations },
      });
    }
    let reassignedTickets = 0;
    if (reassignTo !== undefined) {
      if (reassignTo === teamId) {
        throw new AppError('VALIDATION_FAILED', { message: 'Choose another team to take the tickets.', details: { field: 'reassignTo' } });
      }
      const target = await findTeam(tx, actor.workspaceId, reassignTo);
      if (!target) throw teamNotFound(reassignTo);
      reassignedTickets = await moveTeamTickets(tx, actor.workspaceId, teamId, target.id);
    } else {
      const ticketCount = await countTeamTickets(tx, actor.workspaceId, teamId);
      if (ticketCount > 0) {
        throw new AppError('TEAM_IN_USE', {
          message: `${ticketCount} ${ticketCount === 1 ? 'ticket uses' : 'tickets use'} the team "${team.name}"; choose a team to take them.`,
          details: { id: teamId, ticketCount },
        });
      }
    }
    await deleteTeamRow(tx, actor.workspaceId, teamId);
    await recordAudit(tx, actor, {
      action: 'team.deleted',
      subjectType: 'team',
      subjectId: teamId,
      data: { name: team.name, reassignedTo: reassignTo ?? null, reassignedTickets },
    });
    return { reassignedTickets };
  });
}
