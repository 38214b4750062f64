/** SQL of the automations admin and the run log (P7). Every query is scoped by workspace. */
import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@rapport/db/database';
import { automationRuns, automations, decisionOverrides, memberships, teams, tickets, users } from '@rapport/db/schema';
import type { KeysetCursor } from '../../platform/keyset-cursor.ts';

export type AutomationRow = typeof automations.$inferSelect;
export type NewAutomation = typeof automations.$inferInsert;
export type AutomationRunRow = typeof automationRuns.$inferSelect;

export async function listAutomationRows(db: DbOrTx, workspaceId: string): Promise<AutomationRow[]> {
  return db.select().from(automations).where(eq(automations.workspaceId, workspaceId)).orderBy(asc(automations.position), asc(automations.createdAt), asc(automations.id));
}

export async function findAutomationRow(db: DbOrTx, workspaceId: string, id: string): Promise<AutomationRow | null> {
  const [row] = await db.select().from(automations).where(and(eq(automations.workspaceId, workspaceId), eq(automations.id, id)));
  return row ?? null;
}

/** Every automation of the workspace, locked (reordering, appending). */
export async function lockAutomationIds(tx: DbOrTx, workspaceId: string): Promise<{ id: string; position: number }[]> {
  return tx
    .select({ id: automations.id, position: automations.position })
    .from(automations)
    .where(eq(automations.workspaceId, workspaceId))
    .orderBy(asc(automations.position), asc(automations.id))
    .for('update');
}

export async function insertAutomation(tx: DbOrTx, values: NewAutomation): Promise<AutomationRow> {
  const [row] = await tx.insert(automations).values(values).returning();
  if (!row) throw new Error('automation insert returned nothing');
  return row;
}

export async function updateAutomationRow(tx: DbOrTx, workspaceId: string, id: string, values: Partial<NewAutomation>): Promise<AutomationRow | null> {
  const [row] = await tx
    .update(automations)
    .set(values)
    .where(and(eq(automations.workspaceId, workspaceId), eq(automations.id, id)))
    .returning();
  return row ?? null;
}

export async function deleteAutomationRow(tx: DbOrTx, workspaceId: string, id: string): Promise<boolean> {
  const rows = await tx
    .delete(automations)
    .where(and(eq(automations.workspaceId, workspaceId), eq(automations.id, id)))
    .returning({ id: automations.id });
  return rows.length > 0;
}

/** Positions 0..n-1 in the given order, in one statement. */
export async function setAutomationPositions(tx: DbOrTx, workspaceId: string, ids: readonly string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await tx.execute(sql`
    update ${automations} set position = ordered.position - 1, updated_at = ${now.toISOString()}::timestamptz
    from unnest(${`{${ids.join(',')}}`}::uuid[]) with ordinality as ordered(id, position)
    where ${automations.workspaceId} = ${workspaceId} and ${automations.id} = ordered.id`);
}

export interface AutomationStatsRow {
  automationId: string;
  runs: number;
  loopsStopped: number;
  lastRunAt: Date | null;
}

/**
 * Per automation of the workspace: its runs since `since`, the tickets it was stopped on for
 * looping since then (one incident per ticket, however many events it swallowed), and its latest
 * run ever. Each figure reads the automation's slice of automation_runs_automation_idx, so the
 * admin list costs the same however long the run log grows. (The outer columns are spelled out:
 * drizzle leaves a one-table query's columns unqualified, which the subquery would read as its own.)
 */
export async function automationStats(db: DbOrTx, workspaceId: string, since: Date): Promise<AutomationStatsRow[]> {
  const sinceIso = since.toISOString();
  const recent = (filter: SQL) =>
    sql<number>`(select count(${filter}) from ${automationRuns} r
      where r.workspace_id = automations.workspace_id and r.automation_id = automations.id and r.created_at >= ${sinceIso}::timestamptz)`.mapWith(Number);
  const rows = await db
    .select({
      automationId: automations.id,
      runs: recent(sql`*`),
      loopsStopped: recent(sql`distinct case when r.outcome = 'stopped_loop' then r.ticket_id end`),
      lastRunAt: sql<string | null>`(select max(r.created_at) from ${automationRuns} r where r.workspace_id = automations.workspace_id and r.automation_id = automations.id)`,
    })
    .from(automations)
    .where(eq(automations.workspaceId, workspaceId));
  return rows.map((row) => ({ ...row, lastRunAt: row.lastRunAt ? new Date(row.lastRunAt) : null }));
}

export async function existingTeamIds(db: DbOrTx, workspaceId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.workspaceId, workspaceId), inArray(teams.id, [...ids])));
  return new Set(rows.map((row) => row.id));
}

export async function activeMemberIds(db: DbOrTx, workspaceId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.isActive, true), inArray(memberships.userId, [...ids])));
  return new Set(rows.map((row) => row.id));
}

// ---- The run log --------------------------------------------------------------------------------

export interface AutomationRunView {
  run: AutomationRunRow;
  automationName: string;
  ticketNumber: number;
  override: { actorId: string | null; actorName: string | null; reason: string; at: Date; after: Record<string, unknown> } | null;
  /** created_at to the microsecond, for the keyset cursor. */
  cursorAt: string;
}

const overrider = sql`override_user`;
const cursorAt = sql<string>`to_char(${automationRuns.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function selectRunViews(db: DbOrTx) {
  return db
    .select({
      run: automationRuns,
      automationName: automations.name,
      ticketNumber: tickets.number,
      overrideActorId: decisionOverrides.actorId,
      overrideActorName: sql<string | null>`(select name from ${users} ${overrider} where ${overrider}.id = ${decisionOverrides.actorId})`,
      overrideReason: decisionOverrides.reason,
      overrideAt: decisionOverrides.createdAt,
      overrideAfter: decisionOverrides.after,
      cursorAt,
    })
    .from(automationRuns)
    .innerJoin(automations, and(eq(automations.workspaceId, automationRuns.workspaceId), eq(automations.id, automationRuns.automationId)))
    .innerJoin(tickets, and(eq(tickets.workspaceId, automationRuns.workspaceId), eq(tickets.id, automationRuns.ticketId)))
    .leftJoin(
      decisionOverrides,
      and(
        eq(decisionOverrides.workspaceId, automationRuns.workspaceId),
        eq(decisionOverrides.ticketId, automationRuns.ticketId),
        eq(decisionOverrides.kind, 'automation'),
        sql`${decisionOverrides.subject} = ${automationRuns.automationId}::text`,
        sql`${decisionOverrides.after} ->> 'runId' = ${automationRuns.id}::text`,
      ),
    );
}

type RunSelection = Awaited<ReturnType<typeof selectRunViews>>[number];

function toRunView(row: RunSelection): AutomationRunView {
  return {
    run: row.run,
    automationName: row.automationName,
    ticketNumber: row.ticketNumber,
    override:
      row.overrideReason !== null && row.overrideAt !== null
        ? { actorId: row.overrideActorId, actorName: row.overrideActorName, reason: row.overrideReason, at: row.overrideAt, after: row.overrideAfter ?? {} }
        : null,
    cursorAt: row.cursorAt,
  };
}

/** An automation's runs, newest first, optionally of one outcome; `limit + 1` rows for paging. */
export async function selectAutomationRunPage(
  db: DbOrTx,
  workspaceId: string,
  automationId: string,
  filter: { outcome?: AutomationRunRow['outcome'] | undefined },
  limit: number,
  cursor: KeysetCursor | null,
): Promise<AutomationRunView[]> {
  const conditions: SQL[] = [eq(automationRuns.workspaceId, workspaceId), eq(automationRuns.automationId, automationId)];
  if (filter.outcome) conditions.push(eq(automationRuns.outcome, filter.outcome));
  if (cursor) conditions.push(sql`(${automationRuns.createdAt}, ${automationRuns.id}) < (${String(cursor.values[0])}::timestamptz, ${cursor.id}::uuid)`);
  const rows = await selectRunViews(db)
    .where(and(...conditions))
    .orderBy(desc(automationRuns.createdAt), desc(automationRuns.id))
    .limit(limit + 1);
  return rows.map(toRunView);
}

const maxTicketRuns = 500;

/** A ticket's runs, oldest first (the latest 500 at most); one pass's runs (one instant) in position order. */
export async function selectTicketRuns(db: DbOrTx, workspaceId: string, ticketId: string): Promise<AutomationRunView[]> {
  const rows = await selectRunViews(db)
    .where(and(eq(automationRuns.workspaceId, workspaceId), eq(automationRuns.ticketId, ticketId)))
    .orderBy(desc(automationRuns.createdAt), desc(automations.position), desc(automationRuns.id))
    .limit(maxTicketRuns);
  return rows.map(toRunView).reverse();
}

export async function findRunView(db: DbOrTx, workspaceId: string, ticketId: string, runId: string): Promise<AutomationRunView | null> {
  const [row] = await selectRunViews(db).where(and(eq(automationRuns.workspaceId, workspaceId), eq(automationRuns.ticketId, ticketId), eq(automationRuns.id, runId)));
  return row ? toRunView(row) : null;
}

/** Whether a person already overrode this run. */
export async function runOverrideExists(tx: DbOrTx, workspaceId: string, ticketId: string, automationId: string, runId: string): Promise<boolean> {
  const [row] = await tx
    .select({ n: count() })
    .from(decisionOverrides)
    .where(
      and(
        eq(decisionOverrides.workspaceId, workspaceId),
        eq(decisionOverrides.ticketId, ticketId),
        eq(decisionOverrides.kind, 'automation'),
        eq(decisionOverrides.subject, automationId),
        sql`${decisionOverrides.after} ->> 'runId' = ${runId}`,
      ),
    );
  return (row?.n ?? 0) > 0;
}

/** The automations whose conditions or actions name the team (by id, anywhere in their JSON). */
export async function selectAutomationsNamingTeam(db: DbOrTx, workspaceId: string, teamId: string): Promise<{ id: string; name: string }[]> {
  const named = sql`jsonb_build_object('id', ${teamId}::text)`;
  return db
    .select({ id: automations.id, name: automations.name })
    .from(automations)
    .where(
      and(
        eq(automations.workspaceId, workspaceId),
        sql`(jsonb_path_exists(${automations.conditions}, '$.** ? (@ == $id)', ${named}) or jsonb_path_exists(${automations.actions}, '$.** ? (@ == $id)', ${named}))`,
      ),
    )
    .orderBy(asc(automations.position));
}
