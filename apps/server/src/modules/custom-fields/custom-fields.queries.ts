/** The only file of the custom-fields slice that speaks SQL. Every function takes the workspace first. */
import { and, asc, eq, sql } from 'drizzle-orm';
import { customFieldDefinitions, tickets } from '@rapport/db/schema';
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

export async function findCustomField(db: DbOrTx, workspaceId: string, id: string, options: { lock?: boolean } = {}): Promise<CustomFieldRow | null> {
  const query = db
    .select()
    .from(customFieldDefinitions)
    .where(and(eq(customFieldDefinitions.workspaceId, workspaceId), eq(customFieldDefinitions.id, id)));
  const [row] = options.lock ? await query.for('update') : await query;
  return row ?? null;
}

export async function updateCustomFieldRow(
  tx: DbOrTx,
  workspaceId: string,
  id: string,
  values: Partial<Pick<CustomFieldRow, 'label' | 'options'>>,
): Promise<CustomFieldRow | null> {
  const [row] = await tx
    .update(customFieldDefinitions)
    .set(values)
    .where(and(eq(customFieldDefinitions.workspaceId, workspaceId), eq(customFieldDefinitions.id, id)))
    .returning();
  return row ?? null;
}

export async function deleteCustomFieldRow(tx: DbOrTx, workspaceId: string, id: string): Promise<void> {
  await tx.delete(customFieldDefinitions).where(and(eq(customFieldDefinitions.workspaceId, workspaceId), eq(customFieldDefinitions.id, id)));
}

/** Removes the field's value from every ticket of the workspace carrying one; updated_at is left alone. */
export async function clearCustomFieldFromTickets(tx: DbOrTx, workspaceId: string, key: string): Promise<number> {
  const rows = await tx
    .update(tickets)
    .set({ customFields: sql`${tickets.customFields} - ${key}::text` })
    .where(and(eq(tickets.workspaceId, workspaceId), sql`${tickets.customFields} ? ${key}::text`))
    .returning({ id: tickets.id });
  return rows.length;
}
