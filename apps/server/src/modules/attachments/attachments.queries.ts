import { and, eq } from 'drizzle-orm';
import { attachments, messages } from '@rapport/db/schema';
import type { Db, DbOrTx } from '@rapport/db/database';

export async function findAttachment(db: Db, workspaceId: string, attachmentId: string) {
  const [row] = await db
    .select()
    .from(attachments)
    .where(and(eq(attachments.workspaceId, workspaceId), eq(attachments.id, attachmentId)));
  return row ?? null;
}

export async function findMessageRawKey(db: Db, workspaceId: string, messageId: string) {
  const [row] = await db
    .select({ rawKey: messages.rawKey, externalId: messages.externalId })
    .from(messages)
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.id, messageId)));
  return row ?? null;
}

export async function messageExists(db: DbOrTx, workspaceId: string, messageId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.id, messageId)));
  return Boolean(row);
}

export async function insertAttachment(db: DbOrTx, values: typeof attachments.$inferInsert) {
  const [row] = await db.insert(attachments).values(values).returning();
  if (!row) throw new Error('attachment insert returned nothing');
  return row;
}
