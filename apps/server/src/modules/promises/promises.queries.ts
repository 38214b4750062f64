/**
 * The SQL of promises (issue 7 part 6, P26): writing them with a reply, removing them with an
 * undone reply, reading a ticket's and a person's, closing them, and the monitor's claim of due
 * reminders. Every statement is scoped by the workspace (the monitor's claim spans workspaces and
 * carries each row's own).
 */
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { executedRows, type DbOrTx } from '@rapport/db/database';
import { memberships, promises, tickets, users, workspaces } from '@rapport/db/schema';
import type { KeysetCursor } from '../../platform/keyset-cursor.ts';

export type PromiseRow = typeof promises.$inferSelect;


/** The zone "tomorrow" means for the reply's author: theirs, else the workspace's (as the coach resolves it). */
export async function readAuthorTimeZone(db: DbOrTx, workspaceId: string, userId: string): Promise<string> {
  const [row] = await db
    .select({ workspaceTimeZone: workspaces.timeZone, userTimeZone: users.timeZone })
    .from(workspaces)
    .leftJoin(memberships, and(eq(memberships.workspaceId, workspaces.id), eq(memberships.userId, userId)))
    .leftJoin(users, eq(users.id, memberships.userId))
    .where(eq(workspaces.id, workspaceId));
  return row?.userTimeZone ?? row?.workspaceTimeZone ?? 'UTC';
}

export interface NewPromiseRow {
  workspaceId: string;
  ticketId: string;
  messageId: string;
  ownerId: string;
  text: string;
  dueAt: Date;
  remindAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export async function insertPromises(tx: DbOrTx, rows: readonly NewPromiseRow[]): Promise<PromiseRow[]> {
  if (rows.length === 0) return [];
  return tx.insert(promises).values([...rows]).returning();
}

/** Removes the promises a reply made (the reply was withdrawn inside its undo window); returns them. */
export async function deletePromisesOfMessage(tx: DbOrTx, workspaceId: string, messageId: string): Promise<PromiseRow[]> {
  return tx.delete(promises).where(and(eq(promises.workspaceId, workspaceId), eq(promises.messageId, messageId))).returning();
}

/** A promise with what its DTO shows: the ticket's number and subject, the owner's and closer's names. */
export interface PromiseView extends PromiseRow {
  ticketNumber: number;
  ticketSubject: string;
  ownerName: string | null;
  resolvedByName: string | null;
  /** due_at to the microsecond, for the keyset cursor. */
  cursorAt: string;
}

const owner = sql`owner_user`;
const resolver = sql`resolver_user`;
const cursorAt = sql<string>`to_char(${promises.dueAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function selectViews(db: DbOrTx) {
  return db
    .select({
      promise: promises,
      ticketNumber: tickets.number,
      ticketSubject: tickets.subject,
      ownerName: sql<string | null>`(select name from ${users} ${owner} where ${owner}.id = ${promises.ownerId})`,
      resolvedByName: sql<string | null>`(select name from ${users} ${resolver} where ${resolver}.id = ${promises.resolvedById})`,
      cursorAt,
    })
    .from(promises)
    .innerJoin(tickets, and(eq(tickets.workspaceId, promises.workspaceId), eq(tickets.id, promises.ticketId)));
}

type ViewSelection = { promise: PromiseRow; ticketNumber: number; ticketSubject: string; ownerName: string | null; resolvedByName: string | null; cursorAt: string };
const toView = (row: ViewSelection): PromiseView => ({ ...row.promise, ticketNumber: row.ticketNumber, ticketSubject: row.ticketSubject, ownerName: row.ownerName, resolvedByName: row.resolvedByName, cursorAt: row.cursorAt });

/** A ticket's promises: open ones first (soonest due first), then the closed ones (latest due first). */
export async function promisesOfTicket(db: DbOrTx, workspaceId: string, ticketId: string): Promise<PromiseView[]> {
  const rows = await selectViews(db)
    .where(and(eq(promises.workspaceId, workspaceId), eq(promises.ticketId, ticketId)))
    .orderBy(sql`(${promises.status} <> 'open')`, sql`case when ${promises.status} = 'open' then ${promises.dueAt} end asc`, desc(promises.dueAt), asc(promises.id));
  return rows.map(toView);
}

export async function findPromiseView(db: DbOrTx, workspaceId: string, id: string): Promise<PromiseView | null> {
  const [row] = await selectViews(db).where(and(eq(promises.workspaceId, workspaceId), eq(promises.id, id)));
  return row ? toView(row) : null;
}

export interface PromiseFilter {
  ownerId: string | null;
  status: 'open' | 'overdue' | 'kept' | 'broken' | 'dropped';
  now: Date;
}

/**
 * A page of promises (`limit + 1` rows so the caller knows whether there is more). Open and
 * overdue: soonest due first, on the partial indexes of open promises; closed ones: latest due first.
 */
export async function selectPromisePage(db: DbOrTx, workspaceId: string, filter: PromiseFilter, limit: number, cursor: KeysetCursor | null): Promise<PromiseView[]> {
  const isOpenList = filter.status === 'open' || filter.status === 'overdue';
  const status: PromiseRow['status'] = filter.status === 'overdue' ? 'open' : filter.status;
  const conditions: SQL[] = [eq(promises.workspaceId, workspaceId), eq(promises.status, status)];
  if (filter.status === 'overdue') conditions.push(sql`${promises.dueAt} < ${filter.now.toISOString()}::timestamptz`);
  if (filter.ownerId) conditions.push(eq(promises.ownerId, filter.ownerId));
  if (cursor) {
    const value = String(cursor.values[0]);
    conditions.push(
      isOpenList
        ? sql`(${promises.dueAt}, ${promises.id}) > (${value}::timestamptz, ${cursor.id}::uuid)`
        : sql`(${promises.dueAt}, ${promises.id}) < (${value}::timestamptz, ${cursor.id}::uuid)`,
    );
  }
  const rows = await selectViews(db)
    .where(and(...conditions))
    .orderBy(...(isOpenList ? [asc(promises.dueAt), asc(promises.id)] : [desc(promises.dueAt), desc(promises.id)]))
    .limit(limit + 1);
  return rows.map(toView);
}

/** Locks one promise of the workspace for a change. */
export async function lockPromise(tx: DbOrTx, workspaceId: string, id: string): Promise<PromiseRow | null> {
  const [row] = await tx
    .select()
    .from(promises)
    .where(and(eq(promises.workspaceId, workspaceId), eq(promises.id, id)))
    .for('update');
  return row ?? null;
}

export async function updatePromiseRow(tx: DbOrTx, workspaceId: string, id: string, values: Partial<typeof promises.$inferInsert>): Promise<void> {
  await tx.update(promises).set(values).where(and(eq(promises.workspaceId, workspaceId), eq(promises.id, id)));
}

// ---- The monitor --------------------------------------------------------------------------

export interface DueReminder {
  id: string;
  workspaceId: string;
  ticketId: string;
  ticketNumber: number;
  ticketSubject: string;
  ownerId: string | null;
  text: string;
  dueAt: Date;
  remindAt: Date;
}

/**
 * Marks up to `limit` open promises whose reminder time passed as reminded, and returns them.
 * Reads only the partial index of due reminders; `skip locked` lets several workers share the work.
 */
export async function claimDueReminders(tx: DbOrTx, now: Date, limit: number): Promise<DueReminder[]> {
  const at = now.toISOString();
  const result = await tx.execute(sql`
    with due as (
      select workspace_id, id from ${promises}
       where status = 'open' and reminded_at is null and remind_at is not null and remind_at <= ${at}::timestamptz
       order by remind_at limit ${limit} for update skip locked),
    marked as (
      update ${promises} p set reminded_at = ${at}::timestamptz
        from due d where p.workspace_id = d.workspace_id and p.id = d.id
      returning p.id, p.workspace_id, p.ticket_id, p.owner_id, p.text, p.due_at, p.remind_at)
    select m.id, m.workspace_id, m.ticket_id, m.owner_id, m.text, m.due_at, m.remind_at, t.number, t.subject
      from marked m join ${tickets} t on t.workspace_id = m.workspace_id and t.id = m.ticket_id`);
  const date = (value: unknown) => (value instanceof Date ? value : new Date(String(value)));
  return executedRows<Record<string, unknown>>(result).map((row) => ({
    id: String(row['id']),
    workspaceId: String(row['workspace_id']),
    ticketId: String(row['ticket_id']),
    ticketNumber: Number(row['number']),
    ticketSubject: String(row['subject'] ?? ''),
    ownerId: row['owner_id'] ? String(row['owner_id']) : null,
    text: String(row['text']),
    dueAt: date(row['due_at']),
    remindAt: date(row['remind_at']),
  }));
}

/** Whether the promise is still open and its owner still an active member (a reminder goes to nobody else). */
export async function isOpenForMember(db: DbOrTx, workspaceId: string, promiseId: string, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: promises.id })
    .from(promises)
    .innerJoin(memberships, and(eq(memberships.workspaceId, promises.workspaceId), eq(memberships.userId, userId), eq(memberships.isActive, true)))
    .where(and(eq(promises.workspaceId, workspaceId), eq(promises.id, promiseId), eq(promises.status, 'open')));
  return Boolean(row);
}

