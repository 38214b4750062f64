import type { CreateUserBody, CreatedUserDto } from '@rapport/contracts/people';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { recordAudit } from '../../platform/events.ts';
import { addMember } from '../workspaces/provision-workspace.ts';
import { loadUserDto } from './get-user.ts';

/**
 * Adds a member: creates their login if the email has none (an existing login keeps its name and
 * password) and a membership with the role. addMember runs in a savepoint of this transaction, so
 * its rows and the actor's audit row commit together or not at all.
 */
export async function createUser(deps: AppDeps, actor: Actor, input: CreateUserBody): Promise<CreatedUserDto> {
  return deps.db.transaction(async (tx) => {
    const { user, isNewUser } = await addMember(tx, {
      workspaceId: actor.workspaceId,
      email: input.email,
      name: input.name,
      password: input.password,
      role: input.role,
      languages: input.languages,
      now: deps.clock.now(),
    });
    await recordAudit(tx, actor, {
      action: 'user.created',
      subjectType: 'user',
      subjectId: user.id,
      data: { role: input.role, isNewUser },
    });
    return { ...(await loadUserDto(tx, actor.workspaceId, user.id)), isNewLogin: isNewUser };
  });
}
