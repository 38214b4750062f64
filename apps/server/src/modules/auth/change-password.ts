import type { AppDeps } from '../../platform/app-deps.ts';
import type { Actor } from '../../platform/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/events.ts';
import { deleteOtherSessions, findUserById, updatePasswordHash } from './auth.queries.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

/** Changing a password signs the user out everywhere else (other sessions are deleted). */
export async function changePassword(
  deps: AppDeps,
  actor: Actor,
  input: { currentPassword: string; newPassword: string; keepSessionTokenHash: string | null },
): Promise<void> {
  if (!actor.userId) throw new AppError('FORBIDDEN', { message: 'Only a person can change a password.' });
  const user = await findUserById(deps.db, actor.userId);
  if (!user) throw new AppError('USER_NOT_FOUND', { message: 'Your account no longer exists.' });
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError('INVALID_CREDENTIALS', { message: 'The current password is not correct.' });
  }
  if (input.newPassword.length < 10) {
    throw new AppError('PASSWORD_TOO_WEAK', { message: 'Choose a password of at least 10 characters.' });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await deps.db.transaction(async (tx) => {
    await updatePasswordHash(tx, actor.userId as string, passwordHash, deps.clock.now()); // checked above
    await deleteOtherSessions(tx, actor.userId as string, input.keepSessionTokenHash);
    await recordAudit(tx, actor, { action: 'user.password_changed', subjectType: 'user', subjectId: actor.userId });
  });
}
