/** SQL of the decision overrides (P7): the rows a person's override of an automatic decision leaves. */
import { and, asc, desc, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import { decisionOverrides, tickets, users } from '@rapport/db/schema';
import type { DbOrTx } from '@rapport/db/database';
import type { KeysetCursor } from '../../platform/keyset-cursor.ts';

export type DecisionOverrideRow = typeof decisionOverrides.$inferSelect;
export type NewDecisionOverride = typeof decisionOverrides.$inferInsert;

export async function insertDecisionOverride(tx: DbOrTx, row: NewDecisionOverride): Promise<DecisionOverrideRow> {
  const [inserted] = await tx.insert(decisionOverrides).values(row).returning();
  return inserted!;
}

export interface DecisionOverrideListRow extends DecisionOverrideRow {
  ticketNumber: number;
  ticketSubject: string;
  actorName: string | null;
  /** created_at to the microsecond, for the keyset cursor. */
  cursorAt: string;
}

const cursorAt = sql<string>`to_char(${decisionOverrides.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function selectListRows(db: DbOrTx) {
  return db
    .select({
      ...getTableColumns(decisionOverrides),
      ticketNumber: tickets.number,
      ticketSubject: tickets.subject,
      actorName: users.name,
      cursorAt,
    })
    .from(decisionOverrides)
    .innerJoin(tickets, and(eq(tickets.workspaceId, decisionOverrides.workspaceId), eq(tickets.id, decisionOverrides.ticketId)))
    .leftJoin(users, eq(users.id, decisionOverrides.actorId));
}

/** Every override on one ticket, oldest first (optionally of one kind). */
export async function selectTicketOverrides(db: DbOrTx, workspaceId: string, ticketId: string, kind?: DecisionOverrideRow['kind']): Promise<DecisionOverrideListRow[]> {
  const conditions: SQL[] = [eq(decisionOverrides.workspaceId, workspaceId), eq(decisionOverrides.ticketId, ticketId)];
  if (kind) conditions.push(eq(decisionOverrides.kind, kind));
  return selectListRows(db)
    .where(and(...conditions))
    .orderBy(asc(decisionOverrides.createdAt), asc(decisionOverrides.id));
}

/** The workspace's overrides newest first, optionally of one kind; `limit + 1` rows so the caller knows whether there is a next page. */
export async function selectOverridePage(
  db: DbOrTx,
  workspaceId: string,
  options: { limit: number; cursor: KeysetCursor | null; kind?: DecisionOverrideRow['kind'] | undefined },
): Promise<DecisionOverrideListRow[]> {
  const conditions: SQL[] = [eq(decisionOverrides.workspaceId, workspaceId)];
  if (options.kind) conditions.push(eq(decisionOverrides.kind, options.kind));
  if (options.cursor) {
    conditions.push(sql`(${decisionOverrides.createdAt}, ${decisionOverrides.id}) < (${String(options.cursor.values[0])}::timestamptz, ${options.cursor.id}::uuid)`);
  }
  return selectListRows(db)
    .where(and(...conditions))
    .orderBy(desc(decisionOverrides.createdAt), desc(decisionOverrides.id))
    .limit(options.limit + 1);
}
