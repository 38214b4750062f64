import type { MyPreferences, MyPreferencesBody } from '@rapport/contracts/workspace';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { findMemberTimeZones, setUserTimeZone } from './users.queries.ts';

function signedInUser(actor: Actor): string {
  if (!actor.userId) throw new AppError('FORBIDDEN', { message: 'Preferences belong to a person; this request has no user.' });
  return actor.userId;
}

export async function getMyPreferences(deps: AppDeps, actor: Actor): Promise<MyPreferences> {
  const userId = signedInUser(actor);
  const zones = await findMemberTimeZones(deps.db, actor.workspaceId, userId);
  if (!zones) throw new AppError('USER_NOT_FOUND', { message: 'You are not a member of this workspace.', details: { id: userId } });
  return { timeZone: zones.userTimeZone, workspaceTimeZone: zones.workspaceTimeZone, effectiveTimeZone: zones.userTimeZone ?? zones.workspaceTimeZone };
}

/** Sets (or with null clears) the signed-in person's own time zone; the contract has checked it is a known IANA zone. */
export async function updateMyPreferences(deps: AppDeps, actor: Actor, input: MyPreferencesBody): Promise<MyPreferences> {
  const userId = signedInUser(actor);
  await deps.db.transaction((tx) => setUserTimeZone(tx, actor.workspaceId, userId, input.timeZone));
  return getMyPreferences(deps, actor);
}
