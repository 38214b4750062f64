/** SQL of composer uploads: files attached before sending, each owned by the agent who added it. */
import { and, eq, inArray } from 'drizzle-orm';
import { attachments, uploads } from '@rapport/db/schema';
import type { Database, DbOrTx } from '@rapport/db/database';

export type UploadRow = typeof uploads.$inferSelect;

export async function insertUpload(db: DbOrTx, values: typeof uploads.$inferInsert): Promise<UploadRow> {
  const [row] = await db.insert(uploads).values(values).returning();
  if (!row) throw new Error('upload insert returned nothing');
  return row;
}

export async function deleteOwnUpload(db: DbOrTx, workspaceId: string, userId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(uploads)
    .where(and(eq(uploads.workspaceId, workspaceId), eq(uploads.userId, userId), eq(uploads.id, id)))
    .returning({ id: uploads.id });
  return rows.length > 0;
}

/** Takes the user's uploads (deleted, returned) for a message being written in the same transaction. */
export async function takeOwnUploads(tx: DbOrTx, workspaceId: string, userId: string, ids: string[]): Promise<UploadRow[]> {
  if (ids.length === 0) return [];
  return tx
    .delete(uploads)
    .where(and(eq(uploads.workspaceId, workspaceId), eq(uploads.userId, userId), inArray(uploads.id, ids)))
    .returning();
}

export async function insertMessageAttachments(tx: DbOrTx, rows: (typeof attachments.$inferInsert)[]): Promise<void> {
  if (rows.length > 0) await tx.insert(attachments).values(rows);
}

/** Maintenance: uploads never sent are forgotten after a day (their bytes stay content-addressed in storage). */
export async function pruneUploadsBefore(database: Database, before: Date): Promise<number> {
  const rows = await database.query(`delete from uploads where created_at < $1 returning id`, [before.toISOString()]);
  return rows.length;
}
