/**
 * SQL of the IMAP poller. The list of enabled mailboxes is the one cross-workspace read (the worker
 * serves every workspace); every write is scoped by (workspace_id, id).
 *
 * Leases: with several worker processes, a mailbox is polled by the one whose id is in `claimed_by`
 * while `claimed_until` (database time) lies ahead. Every write a mailbox loop makes is also
 * conditioned on `claimed_by = <its worker id>`: a worker that lost its lease cannot move the
 * position or the status of a mailbox another worker now polls (the write reports false instead).
 */
import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '@rapport/db/database';
import { imapMailboxes } from '@rapport/db/schema';

export type ImapMailboxRow = typeof imapMailboxes.$inferSelect;

/** NOTIFY channel: a mailbox row was created, changed, deleted or released; pollers reload their list. */
export const imapMailboxesChannel = 'rapport_imap_mailboxes';

export interface PollerMailboxRow {
  mailbox: ImapMailboxRow;
  /** Free, expired, or already ours: a claim would succeed now. */
  claimable: boolean;
  /** Milliseconds until the current lease ends (database clock); null when unclaimed. */
  leaseLeftMs: number | null;
}

/** Every enabled mailbox with its lease state as seen by `workerId`, judged by the database clock. */
export async function selectImapMailboxesForPoller(db: DbOrTx, workerId: string): Promise<PollerMailboxRow[]> {
  const rows = await db
    .select({
      mailbox: imapMailboxes,
      claimable: sql<boolean>`(${imapMailboxes.claimedBy} is null or ${imapMailboxes.claimedBy} = ${workerId} or ${imapMailboxes.claimedUntil} is null or ${imapMailboxes.claimedUntil} < now())`,
      leaseLeftMs: sql<number | null>`(extract(epoch from (${imapMailboxes.claimedUntil} - now())) * 1000)::float8`,
    })
    .from(imapMailboxes)
    .where(eq(imapMailboxes.enabled, true));
  return rows.map((row) => ({ mailbox: row.mailbox, claimable: row.claimable, leaseLeftMs: row.leaseLeftMs === null ? null : Number(row.leaseLeftMs) }));
}

const leaseEnd = (leaseMs: number) => sql`now() + ${Math.max(1, Math.round(leaseMs))}::integer * interval '1 millisecond'`;

/**
 * Takes (or extends) the lease on one mailbox in a single statement: succeeds only when the mailbox
 * is enabled and unclaimed, expired or already ours. Returns the fresh row, or null.
 */
export async function claimImapMailbox(db: DbOrTx, workspaceId: string, id: string, workerId: string, leaseMs: number): Promise<ImapMailboxRow | null> {
  const [row] = await db
    .update(imapMailboxes)
    .set({ claimedBy: workerId, claimedUntil: leaseEnd(leaseMs) })
    .where(
      and(
        byId(workspaceId, id),
        eq(imapMailboxes.enabled, true),
        or(isNull(imapMailboxes.claimedBy), eq(imapMailboxes.claimedBy, workerId), isNull(imapMailboxes.claimedUntil), lt(imapMailboxes.claimedUntil, sql`now()`)),
      ),
    )
    .returning();
  return row ?? null;
}

/** Extends the leases `workerId` still holds among `ids` (enabled ones only); returns the ids renewed. */
export async function renewImapLeases(db: DbOrTx, workerId: string, ids: string[], leaseMs: number): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .update(imapMailboxes)
    .set({ claimedUntil: leaseEnd(leaseMs) })
    .where(and(inArray(imapMailboxes.id, ids), eq(imapMailboxes.claimedBy, workerId), eq(imapMailboxes.enabled, true)))
    .returning({ id: imapMailboxes.id });
  return rows.map((row) => row.id);
}

/** A clean stop: the mailbox is free at once (status idle unless failing). False if it was not ours. */
export async function releaseImapMailbox(db: DbOrTx, workspaceId: string, id: string, workerId: string): Promise<boolean> {
  const rows = await db
    .update(imapMailboxes)
    .set({
      claimedBy: null,
      claimedUntil: null,
      status: sql`case when ${imapMailboxes.status} = 'failing' then 'failing' else 'idle' end`,
    })
    .where(held(workspaceId, id, workerId))
    .returning({ id: imapMailboxes.id });
  return rows.length > 0;
}

const byId = (workspaceId: string, id: string) => and(eq(imapMailboxes.workspaceId, workspaceId), eq(imapMailboxes.id, id));
const held = (workspaceId: string, id: string, workerId: string) => and(byId(workspaceId, id), eq(imapMailboxes.claimedBy, workerId));

export async function selectImapMailbox(db: DbOrTx, workspaceId: string, id: string): Promise<ImapMailboxRow | null> {
  const [row] = await db.select().from(imapMailboxes).where(byId(workspaceId, id)).limit(1);
  return row ?? null;
}

/** A new UIDVALIDITY: every UID stored under the old one is meaningless, so start again at 0. False: lease lost. */
export async function resetUidValidity(db: DbOrTx, workspaceId: string, id: string, workerId: string, uidValidity: number): Promise<boolean> {
  const rows = await db.update(imapMailboxes).set({ uidValidity, lastUid: 0 }).where(held(workspaceId, id, workerId)).returning({ id: imapMailboxes.id });
  return rows.length > 0;
}

/**
 * Records that every message up to `uid` (under `uidValidity`) is received; never moves backwards.
 * Under another validity (reset meanwhile) nothing changes. False only when the lease is lost.
 */
export async function advanceLastUid(db: DbOrTx, workspaceId: string, id: string, workerId: string, uidValidity: number, uid: number): Promise<boolean> {
  const rows = await db
    .update(imapMailboxes)
    .set({ lastUid: sql`case when ${imapMailboxes.uidValidity} = ${uidValidity} then greatest(${imapMailboxes.lastUid}, ${uid}) else ${imapMailboxes.lastUid} end` })
    .where(held(workspaceId, id, workerId))
    .returning({ id: imapMailboxes.id });
  return rows.length > 0;
}

export async function markImapConnecting(db: DbOrTx, workspaceId: string, id: string, workerId: string): Promise<boolean> {
  const rows = await db
    .update(imapMailboxes)
    .set({ status: sql`case when ${imapMailboxes.status} = 'failing' then 'failing' else 'connecting' end` })
    .where(held(workspaceId, id, workerId))
    .returning({ id: imapMailboxes.id });
  return rows.length > 0;
}

export async function markImapSynced(db: DbOrTx, workspaceId: string, id: string, workerId: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(imapMailboxes)
    .set({ status: 'connected', failures: 0, lastSyncAt: at })
    .where(held(workspaceId, id, workerId))
    .returning({ id: imapMailboxes.id });
  return rows.length > 0;
}

/** Returns the new failure count (for the backoff), or null when the lease is lost. */
export async function markImapFailing(db: DbOrTx, workspaceId: string, id: string, workerId: string, error: string, at: Date): Promise<number | null> {
  const [row] = await db
    .update(imapMailboxes)
    .set({ status: 'failing', lastError: error, lastErrorAt: at, failures: sql`${imapMailboxes.failures} + 1` })
    .where(held(workspaceId, id, workerId))
    .returning({ failures: imapMailboxes.failures });
  return row ? row.failures : null;
}

export async function notifyImapMailboxesChanged(db: DbOrTx): Promise<void> {
  await db.execute(sql`select pg_notify(${imapMailboxesChannel}, '')`);
}

/** The payload prefix of a poller's presence beacon on the same channel (`worker:<id>`). */
export const imapWorkerBeaconPrefix = 'worker:';

/**
 * A poller announces itself (at start and every lease/3): a worker holding no mailbox is otherwise
 * invisible, and the others count it when they work out their fair share.
 */
export async function announceImapWorker(db: DbOrTx, workerId: string): Promise<void> {
  await db.execute(sql`select pg_notify(${imapMailboxesChannel}, ${imapWorkerBeaconPrefix + workerId})`);
}
