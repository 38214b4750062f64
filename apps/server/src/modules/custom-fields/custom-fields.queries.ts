/** The only file of the custom-fields slice that speaks SQL. Every function takes the workspace first. */
import { asc, eq } from 'drizzle-orm';
import { customFieldDefinitions } from '@rapport/db/schema';
import type { DbOrTx } from '@rapport/db/database';

export type CustomFieldRow = typeof customFieldDefinitions.$inferSelect;

export async function listCustomFields(db: DbOrTx, workspaceId: string): Promise<CustomFieldRow[]> {
  return db
    .select()
    .from(customFieldDefinitions)
    .where(eq(customFieldDefinitions.workspaceId, workspaceId))
    .orderBy(asc(customFieldDefinitions.createdAt), asc(customFieldDefinitions.key));
}

/** Returns null when the key is taken: the unique index (workspace_id, key) decides, not a prior check. */
export async function insertCustomField(tx: DbOrTx, values: typeof customFieldDefinitions.$inferInsert): Promise<CustomFieldRow | null> {
  const [row] = await tx.insert(customFieldDefinitions).values(values).onConflictDoNothing().returning();
  return row ?? null;
}
