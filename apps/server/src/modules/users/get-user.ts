import type { UserDto } from '@rapport/contracts/people';
import type { DbOrTx } from '@rapport/db/database';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { toUserDto } from './user-dto.ts';
import { findMember, listMemberTeamIds } from './users.queries.ts';

export async function loadUserDto(db: DbOrTx, workspaceId: string, userId: string): Promise<UserDto> {
  const row = await findMember(db, workspaceId, userId);
  if (!row) throw new AppError('USER_NOT_FOUND', { message: 'No user with that id in this workspace.', details: { id: userId } });
  const teamIds = await listMemberTeamIds(db, workspaceId, [userId]);
  return toUserDto(row, teamIds.get(userId) ?? []);
}

export async function getUser(deps: AppDeps, actor: Actor, userId: string): Promise<UserDto> {
  return loadUserDto(deps.db, actor.workspaceId, userId);
}
