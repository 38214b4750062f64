/**
 * A workspace's email settings (admin only): subject threading, the auto-acknowledgement template,
 * the loop guard's daily limit. The reply-token signing secret lives in the same row and never
 * leaves the server. (Business hours are the workspace's calendar: modules/business-hours.)
 */
import type { EmailSettingsDto, UpdateEmailSettingsBody } from '@rapport/contracts/email';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { recordAudit } from '../../platform/events.ts';
import { toEmailSettingsDto } from './admin-dto.ts';
import { updateSettingsRow, type EmailSettingsChanges } from './email-admin.queries.ts';
import { loadEmailSettings } from './email-settings.ts';
import { clearEstimateCache } from './auto-ack.ts';

export async function getEmailSettings(deps: AppDeps, actor: Actor): Promise<EmailSettingsDto> {
  return toEmailSettingsDto(await loadEmailSettings(deps.db, actor.workspaceId));
}

/** An empty template restores the built-in one (stored as null). */
function template(value: string | null | undefined): string | null | undefined {
  if (value === undefined) return undefined;
  return value === null || value.trim() === '' ? null : value;
}

export async function updateEmailSettings(deps: AppDeps, actor: Actor, input: UpdateEmailSettingsBody): Promise<EmailSettingsDto> {
  await loadEmailSettings(deps.db, actor.workspaceId);
  const updated = await deps.db.transaction(async (tx) => {
    const subject = template(input.autoAckSubject);
    const body = template(input.autoAckBody);
    const changes: EmailSettingsChanges = {
      ...(input.subjectThreading === undefined ? {} : { subjectThreading: input.subjectThreading }),
      ...(input.autoAckEnabled === undefined ? {} : { autoAckEnabled: input.autoAckEnabled }),
      ...(subject === undefined ? {} : { autoAckSubject: subject }),
      ...(body === undefined ? {} : { autoAckBody: body }),
      ...(input.autoMessageDailyLimit === undefined ? {} : { autoMessageDailyLimit: input.autoMessageDailyLimit }),
    };
    await updateSettingsRow(tx, actor.workspaceId, changes, deps.clock.now());
    await recordAudit(tx, actor, { action: 'email_settings.updated', subjectType: 'email_settings', subjectId: null, data: { fields: Object.keys(changes) } });
    return toEmailSettingsDto(await loadEmailSettings(tx, actor.workspaceId));
  });
  // New settings apply to the next estimate of this process at once (others within 30 s).
  clearEstimateCache(actor.workspaceId);
  return updated;
}
