import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@rapport/db/database';
import { emailSettings } from '@rapport/db/schema';

export type EmailSettingsRow = typeof emailSettings.$inferSelect;

export async function selectEmailSettings(db: DbOrTx, workspaceId: string): Promise<EmailSettingsRow | null> {
  const [row] = await db.select().from(emailSettings).where(eq(emailSettings.workspaceId, workspaceId)).limit(1);
  return row ?? null;
}

export async function insertEmailSettingsIfMissing(db: DbOrTx, workspaceId: string, signingSecret: string): Promise<void> {
  await db.insert(emailSettings).values({ workspaceId, signingSecret }).onConflictDoNothing();
}
