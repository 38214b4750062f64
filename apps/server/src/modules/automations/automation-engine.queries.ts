/**
 * SQL of the automation engine (events and time rules): the rules to run, the facts conditions
 * read, the run log writes, loop counting, recipients, and the time rules' candidate tickets.
 */
import { and, asc, count, desc, eq, gte, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { executedRows, type DbOrTx } from '@rapport/db/database';
import type { AutomationCondition, TimeAnchor } from '@rapport/contracts/automations';
import { automationRuns, automations, customers, decisionOverrides, memberships, teamMembers, ticketSlas, ticketWaits, tickets } from '@rapport/db/schema';
import type { AutomationRow, AutomationRunRow } from './automations.queries.ts';

export async function enabledAutomationsOf(db: DbOrTx, workspaceId: string, trigger: AutomationRow['trigger']): Promise<AutomationRow[]> {
  return db
    .select()
    .from(automations)
    .where(and(eq(automations.workspaceId, workspaceId), eq(automations.trigger, trigger), eq(automations.enabled, true)))
    .orderBy(asc(automations.position), asc(automations.createdAt), asc(automations.id));
}

/** The triggers that have at least one enabled automation in the workspace. */
export async function enabledTriggersOf(db: DbOrTx, workspaceId: string): Promise<Set<AutomationRow['trigger']>> {
  const rows = await db
    .selectDistinct({ trigger: automations.trigger })
    .from(automations)
    .where(and(eq(automations.workspaceId, workspaceId), eq(automations.enabled, true)));
  return new Set(rows.map((row) => row.trigger));
}

/** The automations a person overrode on this ticket: the engine leaves the ticket to them. */
export async function overriddenAutomationIds(db: DbOrTx, workspaceId: string, ticketId: string): Promise<Set<string>> {
  const rows = await db
    .select({ subject: decisionOverrides.subject })
    .from(decisionOverrides)
    .where(and(eq(decisionOverrides.workspaceId, workspaceId), eq(decisionOverrides.ticketId, ticketId), eq(decisionOverrides.kind, 'automation')));
  return new Set(rows.flatMap((row) => (row.subject ? [row.subject] : [])));
}

/** What conditions read besides the ticket row: the customer's tier and the running SLA clocks. */
export async function ticketFactExtras(db: DbOrTx, workspaceId: string, ticket: { id: string; customerId: string }) {
  const [[customer], clocks] = await Promise.all([
    db
      .select({ tier: customers.tier })
      .from(customers)
      .where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, ticket.customerId))),
    db
      .select({ dueAt: ticketSlas.dueAt, warnAt: ticketSlas.warnAt, warnedAt: ticketSlas.warnedAt, breachedAt: ticketSlas.breachedAt })
      .from(ticketSlas)
      .where(and(eq(ticketSlas.workspaceId, workspaceId), eq(ticketSlas.ticketId, ticket.id), isNull(ticketSlas.stoppedAt), isNull(ticketSlas.waivedAt))),
  ]);
  return { tier: customer?.tier ?? 'standard', clocks };
}

/** The automations that already have a run on this ticket for this event (a redelivered event skips them). */
export async function automationIdsRunForEvent(db: DbOrTx, workspaceId: string, ticketId: string, eventKey: string): Promise<Set<string>> {
  const rows = await db
    .select({ automationId: automationRuns.automationId })
    .from(automationRuns)
    .where(and(eq(automationRuns.workspaceId, workspaceId), eq(automationRuns.ticketId, ticketId), eq(automationRuns.eventKey, eventKey)));
  return new Set(rows.map((row) => row.automationId));
}


/** Runs of an automation on a ticket since `since`, of the given outcomes. */
export async function countRecentRuns(db: DbOrTx, workspaceId: string, automationId: string, ticketId: string, since: Date, outcomes: AutomationRunRow['outcome'][]): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(automationRuns)
    .where(
      and(
        eq(automationRuns.workspaceId, workspaceId),
        eq(automationRuns.automationId, automationId),
        eq(automationRuns.ticketId, ticketId),
        gte(automationRuns.createdAt, since),
        inArray(automationRuns.outcome, outcomes),
      ),
    );
  return row?.n ?? 0;
}

/** What this automation's applied runs on the ticket since `since` changed (newest first). */
export async function recentAppliedChanges(db: DbOrTx, workspaceId: string, automationId: string, ticketId: string, since: Date): Promise<Record<string, unknown>[]> {
  const rows = await db
    .select({ changes: automationRuns.changes })
    .from(automationRuns)
    .where(
      and(
        eq(automationRuns.workspaceId, workspaceId),
        eq(automationRuns.automationId, automationId),
        eq(automationRuns.ticketId, ticketId),
        gte(automationRuns.createdAt, since),
        eq(automationRuns.outcome, 'applied'),
      ),
    )
    .orderBy(desc(automationRuns.createdAt));
  return rows.map((row) => row.changes);
}

/** Writes a run unless one exists for this event (the unique event key); returns it when written. */
export async function insertRun(tx: DbOrTx, values: typeof automationRuns.$inferInsert): Promise<AutomationRunRow | null> {
  const [row] = await tx.insert(automationRuns).values(values).onConflictDoNothing().returning();
  return row ?? null;
}

/** The person an automation's note is shown as: its author while an active member, else the longest-standing active admin. */
export async function noteAuthorId(db: DbOrTx, workspaceId: string, preferredId: string | null): Promise<string | null> {
  const rows = await db
    .select({ userId: memberships.userId, role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.isActive, true), preferredId ? sql`(${memberships.userId} = ${preferredId} or ${memberships.role} = 'admin')` : eq(memberships.role, 'admin')))
    .orderBy(asc(memberships.createdAt), asc(memberships.userId));
  return rows.find((row) => row.userId === preferredId)?.userId ?? rows[0]?.userId ?? null;
}

/** Active members of a team. */
export async function activeTeamMemberIds(db: DbOrTx, workspaceId: string, teamId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: teamMembers.userId })
    .from(teamMembers)
    .innerJoin(memberships, and(eq(memberships.workspaceId, teamMembers.workspaceId), eq(memberships.userId, teamMembers.userId)))
    .where(and(eq(teamMembers.workspaceId, workspaceId), eq(teamMembers.teamId, teamId), eq(memberships.isActive, true)))
    .orderBy(asc(teamMembers.userId));
  return rows.map((row) => row.userId);
}

/** Every active lead and admin of the workspace. */
export async function activeLeadAndAdminIds(db: DbOrTx, workspaceId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.isActive, true), inArray(memberships.role, ['lead', 'admin'])))
    .orderBy(asc(memberships.userId));
  return rows.map((row) => row.userId);
}

export async function isActiveMember(db: DbOrTx, workspaceId: string, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId), eq(memberships.isActive, true)));
  return row !== undefined;
}

// ---- Time rules ----------------------------------------------------------------------------------

/** Every enabled time rule of every workspace (the timer's work list). */
export async function enabledTimeAutomations(db: DbOrTx): Promise<AutomationRow[]> {
  return db
    .select()
    .from(automations)
    .where(and(eq(automations.trigger, 'time'), eq(automations.enabled, true)))
    .orderBy(asc(automations.workspaceId), asc(automations.position), asc(automations.id));
}

const anchorColumn: Record<TimeAnchor, SQL> = {
  created: sql`t.created_at`,
  updated: sql`t.updated_at`,
  last_message: sql`t.last_message_at`,
  pending_since: sql`w.pending_since`,
  solved: sql`t.solved_at`,
};

/** The anchor as the run's event key: `time:` and the instant to the microsecond. */
const anchorKey = (column: SQL) => sql<string>`'time:' || to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const priorityOrder = sql`array_position(array['low','normal','high','urgent']::text[], t.priority)`;

/** The SQL each `all` condition can be checked with up front (the engine checks every condition again). */
function conditionFilter(condition: AutomationCondition): SQL | null {
  const is = condition.operator === 'is';
  switch (condition.field) {
    case 'status':
      return is ? sql`t.status = ${condition.value}` : sql`t.status <> ${condition.value}`;
    case 'channel':
      return is ? sql`t.channel = ${condition.value}` : sql`t.channel <> ${condition.value}`;
    case 'priority': {
      const rank = ['low', 'normal', 'high', 'urgent'].indexOf(condition.value) + 1;
      if (condition.operator === 'above') return sql`${priorityOrder} > ${rank}`;
      if (condition.operator === 'below') return sql`${priorityOrder} < ${rank}`;
      return is ? sql`t.priority = ${condition.value}` : sql`t.priority <> ${condition.value}`;
    }
    case 'team':
      if (condition.value === null) return is ? sql`t.team_id is null` : sql`t.team_id is not null`;
      return is ? sql`t.team_id = ${condition.value}::uuid` : sql`t.team_id is distinct from ${condition.value}::uuid`;
    case 'assignee':
      if (condition.value === null) return is ? sql`t.assignee_id is null` : sql`t.assignee_id is not null`;
      return is ? sql`t.assignee_id = ${condition.value}::uuid` : sql`t.assignee_id is distinct from ${condition.value}::uuid`;
    default:
      return null;
  }
}

export interface TimeCandidate {
  ticketId: string;
  anchorAt: Date;
  eventKey: string;
}

/**
 * Tickets of the rule's workspace whose anchor is at or before `dueBefore`, not merged, passing the
 * rule's `all` conditions that SQL can check, that the rule has not run on for this anchor value
 * and that no person overrode it on; oldest anchor first, after `after` (the pass's keyset), `limit` at most.
 */
export async function timeCandidates(
  db: DbOrTx,
  rule: { workspaceId: string; automationId: string; anchor: TimeAnchor; all: readonly AutomationCondition[] },
  dueBefore: Date,
  after: { anchorAt: string; ticketId: string } | null,
  limit: number,
): Promise<TimeCandidate[]> {
  const anchor = anchorColumn[rule.anchor];
  const filters = rule.all.map(conditionFilter).filter((filter): filter is SQL => filter !== null);
  const keyset = after ? sql`and (${anchor}, t.id) > (${after.anchorAt}::timestamptz, ${after.ticketId}::uuid)` : sql``;
  const rows = await db.execute(sql`
    select t.id as ticket_id,
           to_char(${anchor} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as anchor_at,
           ${anchorKey(anchor)} as event_key
      from ${tickets} t
      ${rule.anchor === 'pending_since' ? sql`join ${ticketWaits} w on w.workspace_id = t.workspace_id and w.ticket_id = t.id` : sql``}
     where t.workspace_id = ${rule.workspaceId}
       and t.merged_into_id is null
       and ${anchor} is not null
       and ${anchor} <= ${dueBefore.toISOString()}::timestamptz
       ${keyset}
       ${filters.length > 0 ? sql`and ${sql.join(filters, sql` and `)}` : sql``}
       and not exists (
         select 1 from ${automationRuns} r
          where r.workspace_id = t.workspace_id and r.automation_id = ${rule.automationId}::uuid and r.ticket_id = t.id
            and r.event_key = ${anchorKey(anchor)})
       and not exists (
         select 1 from ${decisionOverrides} o
          where o.workspace_id = t.workspace_id and o.ticket_id = t.id and o.kind = 'automation' and o.subject = ${rule.automationId})
     order by ${anchor}, t.id
     limit ${limit}`);
  return executedRows<{ ticket_id: string; anchor_at: string; event_key: string }>(rows).map((row) => ({ ticketId: row.ticket_id, anchorAt: new Date(row.anchor_at), eventKey: row.event_key }));
}

/** The ticket's anchor as an event key now (inside the run's transaction, after the lock); null when it has none. */
export async function currentAnchorKey(db: DbOrTx, workspaceId: string, ticketId: string, anchor: TimeAnchor): Promise<string | null> {
  const column = anchorColumn[anchor];
  const rows = await db.execute(sql`
    select ${anchorKey(column)} as event_key
      from ${tickets} t
      ${anchor === 'pending_since' ? sql`left join ${ticketWaits} w on w.workspace_id = t.workspace_id and w.ticket_id = t.id` : sql``}
     where t.workspace_id = ${workspaceId} and t.id = ${ticketId}::uuid`);
  return executedRows<{ event_key: string | null }>(rows)[0]?.event_key ?? null;
}
