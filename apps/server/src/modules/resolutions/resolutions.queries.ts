/**
 * The SQL of resolution actions and discretion limits (issue 7 part 7; P3, P29): the limit table,
 * one requester's approved sum in a period, the ledger and the approvals list (keyset pages), the
 * conditional decision update, the facts behind a suggestion and the approvers to notify.
 * Every statement is scoped by the workspace. Amounts stay numeric strings (never floats).
 */
import { and, asc, count, desc, eq, gte, inArray, isNull, lt, ne, sql, type SQL } from 'drizzle-orm';
import { executedRows, type DbOrTx } from '@rapport/db/database';
import { customers, discretionLimits, memberships, messages, resolutionActions, tickets, users } from '@rapport/db/schema';
import type { KeysetCursor } from '../../platform/keyset-cursor.ts';

export type DiscretionLimitRow = typeof discretionLimits.$inferSelect;
export type NewDiscretionLimitRow = typeof discretionLimits.$inferInsert;
export type ResolutionActionRow = typeof resolutionActions.$inferSelect;
export type NewResolutionActionRow = typeof resolutionActions.$inferInsert;
type Role = DiscretionLimitRow['role'];
type ActionKind = DiscretionLimitRow['action'];

// ---- Limits -----------------------------------------------------------------------------------

export async function listLimitRows(db: DbOrTx, workspaceId: string): Promise<DiscretionLimitRow[]> {
  return db
    .select()
    .from(discretionLimits)
    .where(eq(discretionLimits.workspaceId, workspaceId))
    .orderBy(sql`case ${discretionLimits.role} when 'agent' then 0 when 'lead' then 1 else 2 end`, asc(discretionLimits.action), asc(discretionLimits.currency));
}

export async function limitRowsOfRole(db: DbOrTx, workspaceId: string, role: Role): Promise<DiscretionLimitRow[]> {
  return db
    .select()
    .from(discretionLimits)
    .where(and(eq(discretionLimits.workspaceId, workspaceId), eq(discretionLimits.role, role)))
    .orderBy(asc(discretionLimits.action), asc(discretionLimits.currency));
}

export async function findLimitRow(db: DbOrTx, workspaceId: string, role: Role, action: ActionKind, currency: string): Promise<DiscretionLimitRow | null> {
  const [row] = await db
    .select()
    .from(discretionLimits)
    .where(and(eq(discretionLimits.workspaceId, workspaceId), eq(discretionLimits.role, role), eq(discretionLimits.action, action), eq(discretionLimits.currency, currency)));
  return row ?? null;
}

/** Every limit row for one action and currency (who may approve how much). */
export async function limitRowsFor(db: DbOrTx, workspaceId: string, action: ActionKind, currency: string): Promise<DiscretionLimitRow[]> {
  return db
    .select()
    .from(discretionLimits)
    .where(and(eq(discretionLimits.workspaceId, workspaceId), eq(discretionLimits.action, action), eq(discretionLimits.currency, currency)));
}

/** Serializes replacing the whole limit set of a workspace. */
export async function lockLimitTable(tx: DbOrTx, workspaceId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`discretion_limits:${workspaceId}`}, 0))`);
}

export async function replaceLimitRows(tx: DbOrTx, workspaceId: string, rows: readonly NewDiscretionLimitRow[]): Promise<void> {
  await tx.delete(discretionLimits).where(eq(discretionLimits.workspaceId, workspaceId));
  if (rows.length > 0) await tx.insert(discretionLimits).values([...rows]);
}

/** The currencies the workspace has limits in, the one with most rows first. */
export async function limitCurrencies(db: DbOrTx, workspaceId: string): Promise<string[]> {
  const rows = await db
    .select({ currency: discretionLimits.currency, rows: count() })
    .from(discretionLimits)
    .where(eq(discretionLimits.workspaceId, workspaceId))
    .groupBy(discretionLimits.currency)
    .orderBy(desc(count()), asc(discretionLimits.currency));
  return rows.map((row) => row.currency);
}

/**
 * One requester's approved sums per action and currency since each period start (numeric strings):
 * every limit row's use in one statement.
 */
export async function approvedSumsSince(
  db: DbOrTx,
  workspaceId: string,
  requesterId: string,
  starts: { day: Date; week: Date; month: Date },
): Promise<{ action: ActionKind; currency: string; day: string; week: string; month: string }[]> {
  const since = (start: Date) => sql<string>`coalesce(sum(${resolutionActions.amount}) filter (where ${resolutionActions.createdAt} >= ${start.toISOString()}::timestamptz), 0)::text`;
  const earliest = new Date(Math.min(starts.day.getTime(), starts.week.getTime(), starts.month.getTime()));
  return db
    .select({ action: resolutionActions.action, currency: resolutionActions.currency, day: since(starts.day), week: since(starts.week), month: since(starts.month) })
    .from(resolutionActions)
    .where(
      and(
        eq(resolutionActions.workspaceId, workspaceId),
        eq(resolutionActions.requestedById, requesterId),
        eq(resolutionActions.status, 'approved'),
        gte(resolutionActions.createdAt, earliest),
      ),
    )
    .groupBy(resolutionActions.action, resolutionActions.currency);
}

/** The sum (a numeric string) of one requester's approved actions of one kind and currency since `since`. */
export async function approvedSumSince(db: DbOrTx, workspaceId: string, requesterId: string, action: ActionKind, currency: string, since: Date): Promise<string> {
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${resolutionActions.amount}), 0)::text` })
    .from(resolutionActions)
    .where(
      and(
        eq(resolutionActions.workspaceId, workspaceId),
        eq(resolutionActions.requestedById, requesterId),
        eq(resolutionActions.action, action),
        eq(resolutionActions.currency, currency),
        eq(resolutionActions.status, 'approved'),
        gte(resolutionActions.createdAt, since),
      ),
    );
  return row?.total ?? '0';
}

/**
 * Serializes one requester's limit checks in a workspace (held to the end of the transaction), so
 * two concurrent actions cannot both pass the same period limit.
 */
export async function lockRequesterLimits(tx: DbOrTx, workspaceId: string, userId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`resolution_limits:${workspaceId}:${userId}`}, 0))`);
}

// ---- Actions ----------------------------------------------------------------------------------

export async function insertActionRow(tx: DbOrTx, row: NewResolutionActionRow): Promise<ResolutionActionRow> {
  const [inserted] = await tx.insert(resolutionActions).values(row).returning();
  return inserted!;
}

export async function findActionRow(db: DbOrTx, workspaceId: string, id: string): Promise<ResolutionActionRow | null> {
  const [row] = await db.select().from(resolutionActions).where(and(eq(resolutionActions.workspaceId, workspaceId), eq(resolutionActions.id, id)));
  return row ?? null;
}

/**
 * Decides a pending action: the update only touches it while it is still pending, so of two
 * concurrent decisions exactly one returns the row (the other waits for the first, then finds none).
 */
export async function decidePendingAction(
  tx: DbOrTx,
  workspaceId: string,
  id: string,
  values: Pick<NewResolutionActionRow, 'status' | 'approval' | 'approverId' | 'decisionNote' | 'decidedAt' | 'updatedAt'>,
): Promise<ResolutionActionRow | null> {
  const [row] = await tx
    .update(resolutionActions)
    .set(values)
    .where(and(eq(resolutionActions.workspaceId, workspaceId), eq(resolutionActions.id, id), eq(resolutionActions.status, 'pending')))
    .returning();
  return row ?? null;
}

/** An action with what its DTO shows: the ticket, the customer, the requester's and approver's names. */
export interface ResolutionView extends ResolutionActionRow {
  ticketNumber: number;
  ticketSubject: string;
  customerName: string;
  customerEmail: string | null;
  requestedByName: string | null;
  approverName: string | null;
  /** created_at to the microsecond, for the keyset cursor. */
  cursorAt: string;
}

const requester = sql`requester_user`;
const approver = sql`approver_user`;
const cursorAt = sql<string>`to_char(${resolutionActions.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function selectViews(db: DbOrTx) {
  return db
    .select({
      action: resolutionActions,
      ticketNumber: tickets.number,
      ticketSubject: tickets.subject,
      customerName: customers.name,
      customerEmail: sql<string | null>`(select min(value) from customer_identities ci where ci.workspace_id = ${resolutionActions.workspaceId} and ci.customer_id = ${resolutionActions.customerId} and ci.kind = 'email')`,
      requestedByName: sql<string | null>`(select name from ${users} ${requester} where ${requester}.id = ${resolutionActions.requestedById})`,
      approverName: sql<string | null>`(select name from ${users} ${approver} where ${approver}.id = ${resolutionActions.approverId})`,
      approvalReason: resolutionActions.approvalReason,
      cursorAt,
    })
    .from(resolutionActions)
    .innerJoin(tickets, and(eq(tickets.workspaceId, resolutionActions.workspaceId), eq(tickets.id, resolutionActions.ticketId)))
    .innerJoin(customers, and(eq(customers.workspaceId, resolutionActions.workspaceId), eq(customers.id, resolutionActions.customerId)));
}

type ViewSelection = {
  action: ResolutionActionRow;
  ticketNumber: number;
  ticketSubject: string;
  customerName: string;
  customerEmail: string | null;
  requestedByName: string | null;
  approverName: string | null;
  approvalReason: ResolutionActionRow['approvalReason'];
  cursorAt: string;
};
const toView = (row: ViewSelection): ResolutionView => ({
  ...row.action,
  ticketNumber: row.ticketNumber,
  ticketSubject: row.ticketSubject,
  customerName: row.customerName,
  customerEmail: row.customerEmail,
  requestedByName: row.requestedByName,
  approverName: row.approverName,
  approvalReason: row.approvalReason,
  cursorAt: row.cursorAt,
});

export async function findActionView(db: DbOrTx, workspaceId: string, id: string): Promise<ResolutionView | null> {
  const [row] = await selectViews(db).where(and(eq(resolutionActions.workspaceId, workspaceId), eq(resolutionActions.id, id)));
  return row ? toView(row) : null;
}

export async function actionViewsOfTicket(db: DbOrTx, workspaceId: string, ticketId: string): Promise<ResolutionView[]> {
  const rows = await selectViews(db)
    .where(and(eq(resolutionActions.workspaceId, workspaceId), eq(resolutionActions.ticketId, ticketId)))
    .orderBy(asc(resolutionActions.createdAt), asc(resolutionActions.id));
  return rows.map(toView);
}

/** Pending requests, oldest first (`limit + 1` rows so the caller knows whether there is more). */
export async function selectPendingPage(db: DbOrTx, workspaceId: string, limit: number, cursor: KeysetCursor | null): Promise<ResolutionView[]> {
  const conditions: SQL[] = [eq(resolutionActions.workspaceId, workspaceId), eq(resolutionActions.status, 'pending')];
  if (cursor) conditions.push(sql`(${resolutionActions.createdAt}, ${resolutionActions.id}) > (${String(cursor.values[0])}::timestamptz, ${cursor.id}::uuid)`);
  const rows = await selectViews(db)
    .where(and(...conditions))
    .orderBy(asc(resolutionActions.createdAt), asc(resolutionActions.id))
    .limit(limit + 1);
  return rows.map(toView);
}

export interface LedgerFilter {
  status?: ResolutionActionRow['status'] | undefined;
  action?: ActionKind | undefined;
  requestedById?: string | undefined;
  currency?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

function ledgerConditions(workspaceId: string, filter: LedgerFilter): SQL[] {
  const conditions: SQL[] = [eq(resolutionActions.workspaceId, workspaceId)];
  if (filter.status) conditions.push(eq(resolutionActions.status, filter.status));
  if (filter.action) conditions.push(eq(resolutionActions.action, filter.action));
  if (filter.requestedById) conditions.push(eq(resolutionActions.requestedById, filter.requestedById));
  if (filter.currency) conditions.push(eq(resolutionActions.currency, filter.currency));
  if (filter.from) conditions.push(gte(resolutionActions.createdAt, filter.from));
  if (filter.to) conditions.push(lt(resolutionActions.createdAt, filter.to));
  return conditions;
}

/** The ledger, newest first (`limit + 1` rows), on the ledger index. */
export async function selectLedgerPage(db: DbOrTx, workspaceId: string, filter: LedgerFilter, limit: number, cursor: KeysetCursor | null): Promise<ResolutionView[]> {
  const conditions = ledgerConditions(workspaceId, filter);
  if (cursor) conditions.push(sql`(${resolutionActions.createdAt}, ${resolutionActions.id}) < (${String(cursor.values[0])}::timestamptz, ${cursor.id}::uuid)`);
  const rows = await selectViews(db)
    .where(and(...conditions))
    .orderBy(desc(resolutionActions.createdAt), desc(resolutionActions.id))
    .limit(limit + 1);
  return rows.map(toView);
}

/** The ledger for the CSV export: newest first, at most `limit` rows. */
export async function selectLedgerRows(db: DbOrTx, workspaceId: string, filter: LedgerFilter, limit: number): Promise<ResolutionView[]> {
  const rows = await selectViews(db)
    .where(and(...ledgerConditions(workspaceId, filter)))
    .orderBy(desc(resolutionActions.createdAt), desc(resolutionActions.id))
    .limit(limit);
  return rows.map(toView);
}

// ---- Facts for a suggestion ---------------------------------------------------------------------

export interface TicketFacts {
  id: string;
  number: number;
  subject: string;
  status: (typeof tickets.$inferSelect)['status'];
  mergedIntoId: string | null;
  customerId: string;
  tags: string[];
  /** The public conversation (latest `messageLimit` messages), oldest first. */
  conversation: { from: 'customer' | 'agent'; text: string }[];
}

export async function loadTicketFacts(db: DbOrTx, workspaceId: string, ticketId: string, messageLimit = 10): Promise<TicketFacts | null> {
  const [[ticket], recent] = await Promise.all([
    db
      .select({ id: tickets.id, number: tickets.number, subject: tickets.subject, status: tickets.status, mergedIntoId: tickets.mergedIntoId, customerId: tickets.customerId, tags: tickets.tags })
      .from(tickets)
      .where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.id, ticketId))),
    db
      .select({ authorType: messages.authorType, text: messages.text })
      .from(messages)
      .where(and(eq(messages.workspaceId, workspaceId), eq(messages.ticketId, ticketId), isNull(messages.withdrawnAt), ne(messages.authorType, 'system')))
      .orderBy(desc(messages.createdAt), desc(messages.id))
      .limit(messageLimit),
  ]);
  if (!ticket) return null;
  return {
    ...ticket,
    conversation: recent.reverse().map((row) => ({ from: row.authorType === 'customer' ? ('customer' as const) : ('agent' as const), text: row.text })),
  };
}

/** The customer's tickets and approved resolution actions created since `since`. */
export async function customerHistorySince(db: DbOrTx, workspaceId: string, customerId: string, since: Date): Promise<{ tickets: number; actions: number }> {
  const [[ticketCount], [actionCount]] = await Promise.all([
    db
      .select({ value: count() })
      .from(tickets)
      .where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.customerId, customerId), gte(tickets.createdAt, since))),
    db
      .select({ value: count() })
      .from(resolutionActions)
      .where(and(eq(resolutionActions.workspaceId, workspaceId), eq(resolutionActions.customerId, customerId), eq(resolutionActions.status, 'approved'), gte(resolutionActions.createdAt, since))),
  ]);
  return { tickets: Number(ticketCount?.value ?? 0), actions: Number(actionCount?.value ?? 0) };
}

// ---- People and notifications -----------------------------------------------------------------

/** A member of the workspace: name, role and whether they are active; null when not a member. */
export async function memberOf(db: DbOrTx, workspaceId: string, userId: string): Promise<{ name: string; role: Role; isActive: boolean } | null> {
  const [row] = await db
    .select({ name: users.name, role: memberships.role, isActive: memberships.isActive })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
  return row ?? null;
}

/** Active members with one of the roles, by name. */
export async function activeMembersWithRoles(db: DbOrTx, workspaceId: string, roles: readonly Role[]): Promise<{ id: string; name: string; role: Role }[]> {
  if (roles.length === 0) return [];
  return db
    .select({ id: users.id, name: users.name, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.isActive, true), inArray(memberships.role, [...roles])))
    .orderBy(asc(users.name));
}

// ---- Demo ---------------------------------------------------------------------------------------

/** An open ticket of the demo for the sample request: the oldest open one with customer messages, one tagged `damaged` if there is one. */
export async function firstOpenTicket(db: DbOrTx, workspaceId: string): Promise<{ id: string; customerId: string } | null> {
  const result = await db.execute(sql`
    select t.id, t.customer_id from ${tickets} t
     where t.workspace_id = ${workspaceId} and t.status in ('open', 'new', 'pending') and t.merged_into_id is null
       and exists (select 1 from ${messages} m where m.workspace_id = t.workspace_id and m.ticket_id = t.id and m.author_type = 'customer')
     order by ('damaged' = any(t.tags)) desc, t.number limit 1`);
  const [row] = executedRows<{ id: string; customer_id: string }>(result);
  return row ? { id: String(row.id), customerId: String(row.customer_id) } : null;
}
