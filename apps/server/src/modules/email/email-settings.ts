import { randomBytes } from 'node:crypto';
import type { DbOrTx } from '@rapport/db/database';
import { insertEmailSettingsIfMissing, selectEmailSettings, type EmailSettingsRow } from './email-settings.queries.ts';

export type EmailSettings = EmailSettingsRow;

/** A workspace's email settings; the row (with a fresh signing secret) is created on first use. */
export async function loadEmailSettings(db: DbOrTx, workspaceId: string): Promise<EmailSettings> {
  const existing = await selectEmailSettings(db, workspaceId);
  if (existing) return existing;
  await insertEmailSettingsIfMissing(db, workspaceId, randomBytes(32).toString('hex'));
  const created = await selectEmailSettings(db, workspaceId);
  if (!created) throw new Error(`email settings for workspace ${workspaceId} could not be created`);
  return created;
}
