import type { NotificationSettings, UpdateNotificationSettingsBody } from '@rapport/contracts/notification-settings';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/events.ts';
import { effectiveEmailSettings } from './notification-email-rules.ts';
import { findMemberAddress, listNotificationEmailChoices, upsertNotificationEmailChoices } from './notifications.queries.ts';

/** The signed-in person's id and login address, when they are an active member of the workspace. */
async function activeMember(deps: AppDeps, actor: Actor): Promise<{ userId: string; email: string }> {
  const userId = actor.userId;
  if (!userId) throw new AppError('FORBIDDEN', { message: 'Notification settings belong to a person; this request has no user.' });
  const member = await findMemberAddress(deps.db, actor.workspaceId, userId);
  if (!member?.isActive) throw new AppError('USER_NOT_FOUND', { message: 'You are not a member of this workspace.', details: { id: userId } });
  return { userId, email: member.email };
}

function settingsOf(deps: AppDeps, email: string, choices: ReadonlyMap<string, boolean>): NotificationSettings {
  return { emailAddress: email, email: effectiveEmailSettings(choices), hourlyEmailLimit: deps.config.notificationEmailsPerHour };
}

/** The signed-in member's own notification settings: per kind, whether it is also emailed. */
export async function getNotificationSettings(deps: AppDeps, actor: Actor): Promise<NotificationSettings> {
  const { userId, email } = await activeMember(deps, actor);
  return settingsOf(deps, email, await listNotificationEmailChoices(deps.db, actor.workspaceId, userId));
}

/** Sets the listed kinds (others keep theirs) for the signed-in member only; audited with what changed. */
export async function updateNotificationSettings(deps: AppDeps, actor: Actor, input: UpdateNotificationSettingsBody): Promise<NotificationSettings> {
  const { userId, email } = await activeMember(deps, actor);
  const choices = await deps.db.transaction(async (tx) => {
    const stored = await listNotificationEmailChoices(tx, actor.workspaceId, userId);
    const before = effectiveEmailSettings(stored);
    const changed = input.email.filter((item) => before.find((setting) => setting.kind === item.kind)?.isEnabled !== item.isEnabled);
    await upsertNotificationEmailChoices(tx, actor.workspaceId, userId, input.email, deps.clock.now());
    if (changed.length > 0) {
      await recordAudit(tx, actor, { action: 'notification_settings.updated', subjectType: 'user', subjectId: userId, data: { email: changed } });
    }
    // What is stored now: the earlier choices with the listed kinds set (no second read).
    return new Map([...stored, ...input.email.map((item): [string, boolean] => [item.kind, item.isEnabled])]);
  });
  return settingsOf(deps, email, choices);
}
