/**
 * SQL of the IMAP poller. The list of enabled mailboxes is the one cross-workspace read (the worker
 * serves every workspace); every write is scoped by (workspace_id, id).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@rapport/db/database';
import { imapMailboxes } from '@rapport/db/schema';

export type ImapMailboxRow = typeof imapMailboxes.$inferSelect;

/** NOTIFY channel: a mailbox row was created, changed or deleted; the poller reloads its list. */
export const imapMailboxesChannel = 'rapport_imap_mailboxes';

export async function selectEnabledImapMailboxes(db: DbOrTx): Promise<ImapMailboxRow[]> {
  return db.select().from(imapMailboxes).where(eq(imapMailboxes.enabled, true));
}

export async function selectImapMailbox(db: DbOrTx, workspaceId: string, id: string): Promise<ImapMailboxRow | null> {
  const [row] = await db
    .select()
    .from(imapMailboxes)
    .where(and(eq(imapMailboxes.workspaceId, workspaceId), eq(imapMailboxes.id, id)))
    .limit(1);
  return row ?? null;
}

const byId = (workspaceId: string, id: string) => and(eq(imapMailboxes.workspaceId, workspaceId), eq(imapMailboxes.id, id));

/** A new UIDVALIDITY: every UID stored under the old one is meaningless, so start again at 0. */
export async function resetUidValidity(db: DbOrTx, workspaceId: string, id: string, uidValidity: number): Promise<void> {
  await db.update(imapMailboxes).set({ uidValidity, lastUid: 0 }).where(byId(workspaceId, id));
}

/** Records that every message up to `uid` (under `uidValidity`) is received; never moves backwards. */
export async function advanceLastUid(db: DbOrTx, workspaceId: string, id: string, uidValidity: number, uid: number): Promise<void> {
  await db
    .update(imapMailboxes)
    .set({ lastUid: sql`greatest(${imapMailboxes.lastUid}, ${uid})` })
    .where(and(byId(workspaceId, id), eq(imapMailboxes.uidValidity, uidValidity)));
}

export async function markImapConnecting(db: DbOrTx, workspaceId: string, id: string): Promise<void> {
  await db
    .update(imapMailboxes)
    .set({ status: sql`case when ${imapMailboxes.status} = 'failing' then 'failing' else 'connecting' end` })
    .where(byId(workspaceId, id));
}

export async function markImapSynced(db: DbOrTx, workspaceId: string, id: string, at: Date): Promise<void> {
  await db.update(imapMailboxes).set({ status: 'connected', failures: 0, lastSyncAt: at }).where(byId(workspaceId, id));
}

/** Returns the new failure count (for the backoff). */
export async function markImapFailing(db: DbOrTx, workspaceId: string, id: string, error: string, at: Date): Promise<number> {
  const [row] = await db
    .update(imapMailboxes)
    .set({ status: 'failing', lastError: error, lastErrorAt: at, failures: sql`${imapMailboxes.failures} + 1` })
    .where(byId(workspaceId, id))
    .returning({ failures: imapMailboxes.failures });
  return row?.failures ?? 1;
}

export async function markImapIdle(db: DbOrTx, workspaceId: string, id: string): Promise<void> {
  await db
    .update(imapMailboxes)
    .set({ status: sql`case when ${imapMailboxes.status} = 'failing' then 'failing' else 'idle' end` })
    .where(byId(workspaceId, id));
}

export async function notifyImapMailboxesChanged(db: DbOrTx): Promise<void> {
  await db.execute(sql`select pg_notify(${imapMailboxesChannel}, '')`);
}
