import type { SetTeamMembersBody, TeamDto } from '@rapport/contracts/people';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/events.ts';
import { withMembersOf } from './team-dto.ts';
import { findActiveMemberIds, findTeam, replaceTeamMembers } from './teams.queries.ts';

/**
 * Replaces a team's members with the given users, in one transaction. Every user must be an active
 * member of the workspace (a user of another workspace, or a deactivated member, is refused with
 * USER_NOT_FOUND naming them), so nothing changes unless the whole set is valid. The team row is
 * locked, so two editors replacing the set at once run one after the other. An unchanged set
 * writes nothing and records no audit row.
 */
export async function setTeamMembers(deps: AppDeps, actor: Actor, teamId: string, input: SetTeamMembersBody): Promise<TeamDto> {
  const userIds = [...new Set(input.userIds)];
  return deps.db.transaction(async (tx) => {
    const team = await findTeam(tx, actor.workspaceId, teamId, { lock: true });
    if (!team) throw new AppError('TEAM_NOT_FOUND', { message: 'No team with that id in this workspace.', details: { id: teamId } });
    const active = new Set(await findActiveMemberIds(tx, actor.workspaceId, userIds));
    const unknown = userIds.filter((id) => !active.has(id));
    if (unknown.length > 0) {
      throw new AppError('USER_NOT_FOUND', {
        message: `${unknown.length === 1 ? 'One user is' : `${unknown.length} users are`} not an active member of this workspace.`,
        details: { field: 'userIds', ids: unknown },
      });
    }
    const { added, removed } = await replaceTeamMembers(tx, actor.workspaceId, teamId, userIds, deps.clock.now());
    if (added.length > 0 || removed.length > 0) {
      await recordAudit(tx, actor, { action: 'team.members_changed', subjectType: 'team', subjectId: teamId, data: { name: team.name, added, removed } });
    }
    return withMembersOf(tx, actor.workspaceId, team);
  });
}
