/** The only SQL of the drafts slice: one reply and one note draft per agent and ticket. */
import { and, eq, sql } from 'drizzle-orm';
import { drafts } from '@rapport/db/schema';
import type { DbOrTx } from '@rapport/db/database';

export type DraftRow = typeof drafts.$inferSelect;
type Key = { workspaceId: string; ticketId: string; userId: string; kind: 'reply' | 'note' };

const keyIs = (key: Key) =>
  and(eq(drafts.workspaceId, key.workspaceId), eq(drafts.ticketId, key.ticketId), eq(drafts.userId, key.userId), eq(drafts.kind, key.kind));

export async function findDraft(db: DbOrTx, key: Key): Promise<DraftRow | null> {
  const [row] = await db.select().from(drafts).where(keyIs(key));
  return row ?? null;
}

/**
 * Writes the draft only if `revision` is higher than the stored one (one statement, so two racing
 * saves cannot both win). Returns null when the save is stale. `started_at` is kept from the first save.
 */
export async function upsertDraftIfNewer(db: DbOrTx, key: Key, body: string, revision: number, now: Date): Promise<DraftRow | null> {
  const [row] = await db
    .insert(drafts)
    .values({ ...key, body, revision, startedAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: [drafts.workspaceId, drafts.ticketId, drafts.userId, drafts.kind],
      set: { body, revision, updatedAt: now },
      setWhere: sql`${drafts.revision} < ${revision}`,
    })
    .returning();
  return row ?? null;
}

/** Unconditional write (undo-send puts the withdrawn text back); the revision moves past any save in flight. */
export async function putDraft(db: DbOrTx, key: Key, body: string, now: Date): Promise<DraftRow> {
  const [row] = await db
    .insert(drafts)
    .values({ ...key, body, revision: 1, startedAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: [drafts.workspaceId, drafts.ticketId, drafts.userId, drafts.kind],
      set: { body, revision: sql`${drafts.revision} + 1000`, updatedAt: now },
    })
    .returning();
  if (!row) throw new Error('draft upsert returned nothing');
  return row;
}

export async function deleteDraftRow(db: DbOrTx, key: Key): Promise<DraftRow | null> {
  const [row] = await db.delete(drafts).where(keyIs(key)).returning();
  return row ?? null;
}
