import type { UpdateUserBody, UserDto } from '@rapport/contracts/people';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/events.ts';
import { loadUserDto } from './get-user.ts';
import { deleteMemberSessions, findMember, lockActiveAdminIds, renameMember, updateMembership, type MemberRow } from './users.queries.ts';

/** True when the change takes away the last active admin: a workspace must keep one to manage it. */
export function removesLastAdmin(member: MemberRow, input: UpdateUserBody, activeAdminIds: readonly string[]): boolean {
  const isActiveAdminNow = member.role === 'admin' && member.isActive;
  const isActiveAdminAfter = (input.role ?? member.role) === 'admin' && (input.isActive ?? member.isActive);
  if (!isActiveAdminNow || isActiveAdminAfter) return false;
  return activeAdminIds.every((adminId) => adminId === member.id);
}

/** Changes a member's role, name, languages or active flag. Deactivating signs them out of this workspace. */
export async function updateUser(deps: AppDeps, actor: Actor, userId: string, input: UpdateUserBody): Promise<UserDto> {
  return deps.db.transaction(async (tx) => {
    const activeAdminIds = await lockActiveAdminIds(tx, actor.workspaceId);
    const member = await findMember(tx, actor.workspaceId, userId, { lock: true });
    if (!member) throw new AppError('USER_NOT_FOUND', { message: 'No user with that id in this workspace.', details: { id: userId } });
    if (removesLastAdmin(member, input, activeAdminIds)) {
      throw new AppError('LAST_ADMIN', {
        message: `${member.name} is the only active admin of this workspace; make someone else an admin first.`,
        details: { id: userId },
      });
    }
    const values: Parameters<typeof updateMembership>[3] = {};
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (input.role !== undefined && input.role !== member.role) {
      values.role = input.role;
      changes['role'] = { from: member.role, to: input.role };
    }
    if (input.languages !== undefined && input.languages.join(',') !== member.languages.join(',')) {
      values.languages = input.languages;
      changes['languages'] = { from: member.languages, to: input.languages };
    }
    if (input.isActive !== undefined && input.isActive !== member.isActive) {
      values.isActive = input.isActive;
      changes['isActive'] = { from: member.isActive, to: input.isActive };
    }
    if (input.name !== undefined && input.name !== member.name) {
      await renameMember(tx, actor.workspaceId, userId, input.name);
      changes['name'] = { from: member.name, to: input.name };
    }
    if (Object.keys(values).length > 0) await updateMembership(tx, actor.workspaceId, userId, values);
    if (Object.keys(changes).length === 0) return loadUserDto(tx, actor.workspaceId, userId);
    const isDeactivated = values.isActive === false;
    const signedOutSessions = isDeactivated ? await deleteMemberSessions(tx, actor.workspaceId, userId) : 0;
    await recordAudit(tx, actor, {
      action: isDeactivated ? 'user.deactivated' : 'user.updated',
      subjectType: 'user',
      subjectId: userId,
      data: { changes, ...(isDeactivated ? { signedOutSessions } : {}) },
    });
    return loadUserDto(tx, actor.workspaceId, userId);
  });
}
