import type { NotificationSettings, UpdateNotificationSettingsBody } from '@rapport/contracts/notification-settings';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/events.ts';
import { effectiveEmailSettings } from './notification-email-rules.ts';
import { findMemberAddress, listNotificationEmailChoices, upsertNotificationEmailChoices } from './notifications.queries.ts';

function signedInUser(actor: Actor): string {
  if (!actor.userId) throw new AppError('FORBIDDEN', { message: 'Notification settings belong to a person; this request has no user.' });
  return actor.userId;
}

/** The signed-in member's own notification settings: per kind, whether it is also emailed. */
export async function getNotificationSettings(deps: AppDeps, actor: Actor): Promise<NotificationSettings> {
  const userId = signedInUser(actor);
  const member = await findMemberAddress(deps.db, actor.workspaceId, userId);
  if (!member?.isActive) throw new AppError('USER_NOT_FOUND', { message: 'You are not a member of this workspace.', details: { id: userId } });
  const choices = await listNotificationEmailChoices(deps.db, actor.workspaceId, userId);
  return { emailAddress: member.email, email: effectiveEmailSettings(choices), hourlyEmailLimit: deps.config.notificationEmailsPerHour };
}

/** Sets the listed kinds (others keep theirs) for the signed-in member only; audited with what changed. */
export async function updateNotificationSettings(deps: AppDeps, actor: Actor, input: UpdateNotificationSettingsBody): Promise<NotificationSettings> {
  const userId = signedInUser(actor);
  const member = await findMemberAddress(deps.db, actor.workspaceId, userId);
  if (!member?.isActive) throw new AppError('USER_NOT_FOUND', { message: 'You are not a member of this workspace.', details: { id: userId } });
  await deps.db.transaction(async (tx) => {
    const before = effectiveEmailSettings(await listNotificationEmailChoices(tx, actor.workspaceId, userId));
    const changed = input.email.filter((item) => before.find((setting) => setting.kind === item.kind)?.isEnabled !== item.isEnabled);
    await upsertNotificationEmailChoices(tx, actor.workspaceId, userId, input.email, deps.clock.now());
    if (changed.length > 0) {
      await recordAudit(tx, actor, { action: 'notification_settings.updated', subjectType: 'user', subjectId: userId, data: { email: changed } });
    }
  });
  return getNotificationSettings(deps, actor);
}
