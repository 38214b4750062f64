/**
 * Automations (issue 7 part 9, P7): the admin side (leads and admins keep an ordered list of
 * rules: trigger, conditions, actions), the run log (per automation and per ticket) and a person's
 * override of a run (with a reason; optionally reverting what it changed), after which that
 * automation leaves the ticket alone. The engine that runs them is automations-engine.ts (events)
 * and automation-timer.ts (time rules).
 */
import {
  AutomationAction,
  AutomationConditions,
  AutomationTime,
  type AutomationDto,
  type AutomationList,
  type AutomationRunDto,
  type AutomationRunList,
  type AutomationRunOutcome,
  type AutomationRunPage,
  type CreateAutomationBody,
  type OverrideAutomationRunBody,
  type UpdateAutomationBody,
} from '@rapport/contracts/automations';
import type { DbOrTx } from '@rapport/db/database';
import { z } from 'zod';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { notifyRealtime, recordAudit } from '../../platform/events.ts';
import { decodeTimestampCursor, toPage } from '../../platform/keyset-cursor.ts';
import { recordDecisionOverride } from '../overrides/record-override.ts';
import { lockTicketByRef, requireTicketId } from '../tickets/get-ticket.ts';
import { changeTicket } from '../tickets/update-ticket.ts';
import { planRevert, referencedIds } from './automation-rules.ts';
import {
  activeMemberIds,
  automationStats,
  deleteAutomationRow,
  existingTeamIds,
  findAutomationRow,
  findRunView,
  insertAutomation,
  listAutomationRows,
  lockAutomationIds,
  runOverrideExists,
  selectAutomationRunPage,
  selectTicketRuns,
  setAutomationPositions,
  updateAutomationRow,
  type AutomationRow,
  type AutomationRunView,
  type AutomationStatsRow,
  selectAutomationsNamingTeam,
} from './automations.queries.ts';

const dayMs = 24 * 60 * 60 * 1000;
const statsWindowMs = 7 * dayMs;

export const automationNotFound = (id: string) => new AppError('AUTOMATION_NOT_FOUND', { message: 'No automation with that id in this workspace.', details: { id } });

// ---- Stored shapes ------------------------------------------------------------------------------

const StoredActions = z.array(AutomationAction);

/** The stored conditions (written through the contract; anything unreadable counts as none). */
export function conditionsOf(row: Pick<AutomationRow, 'conditions'>): AutomationConditions {
  const parsed = AutomationConditions.safeParse(row.conditions);
  return parsed.success ? parsed.data : { all: [], any: [] };
}

/** The stored actions; an unreadable list is none (the engine then does nothing). */
export function actionsOf(row: Pick<AutomationRow, 'actions'>): AutomationAction[] {
  const parsed = StoredActions.safeParse(row.actions);
  return parsed.success ? parsed.data : [];
}

export function timeOf(row: Pick<AutomationRow, 'trigger' | 'timeAnchor' | 'timeAfterMinutes' | 'timeBusinessHours'>): AutomationTime | null {
  if (row.trigger !== 'time' || row.timeAnchor === null || row.timeAfterMinutes === null) return null;
  return { anchor: row.timeAnchor, afterMinutes: row.timeAfterMinutes, businessHours: row.timeBusinessHours };
}

const noStats: Omit<AutomationStatsRow, 'automationId'> = { runs: 0, loopsStopped: 0, lastRunAt: null };

function toAutomationDto(row: AutomationRow, stats: Omit<AutomationStatsRow, 'automationId'>): AutomationDto {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    enabled: row.enabled,
    trigger: row.trigger,
    time: timeOf(row),
    conditions: conditionsOf(row),
    actions: actionsOf(row),
    position: row.position,
    stats: { runsLast7Days: stats.runs, loopsStoppedLast7Days: stats.loopsStopped, lastRunAt: stats.lastRunAt?.toISOString() ?? null },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function statsOf(db: DbOrTx, workspaceId: string, now: Date): Promise<Map<string, AutomationStatsRow>> {
  const rows = await automationStats(db, workspaceId, new Date(now.getTime() - statsWindowMs));
  return new Map(rows.map((row) => [row.automationId, row]));
}

// ---- Validation ---------------------------------------------------------------------------------

function invalid(message: string, path: string, extra: Record<string, unknown> = {}) {
  return new AppError('AUTOMATION_INVALID', { message, details: { path, ...extra } });
}

/** What the contract's shape cannot say: the teams and people named belong to the workspace; a time rule has its delay. */
async function assertValid(
  tx: DbOrTx,
  workspaceId: string,
  rule: { trigger: AutomationRow['trigger']; time: AutomationTime | null; conditions: AutomationConditions; actions: AutomationAction[] },
): Promise<void> {
  if (rule.trigger === 'time' && rule.time === null) throw invalid('A time rule needs its delay: an anchor and the minutes after it.', 'time');
  if (rule.trigger !== 'time' && rule.time !== null) throw invalid('Only time rules take a delay; this automation runs on an event.', 'time');
  if (rule.actions.length === 0) throw invalid('An automation needs at least one action.', 'actions');
  const { teams, users } = referencedIds(rule.conditions, rule.actions);
  const [knownTeams, knownMembers] = await Promise.all([
    existingTeamIds(tx, workspaceId, [...new Set(teams.map((item) => item.id))]),
    activeMemberIds(tx, workspaceId, [...new Set(users.map((item) => item.id))]),
  ]);
  const team = teams.find((item) => !knownTeams.has(item.id));
  if (team) throw invalid('No team with that id in this workspace.', team.path, { id: team.id });
  const user = users.find((item) => !knownMembers.has(item.id));
  if (user) throw invalid('No active member with that id in this workspace.', user.path, { id: user.id });
}

// ---- The admin ----------------------------------------------------------------------------------

/** The automations that name a team in a condition or action (teams ask before deleting one). */
export function automationsNamingTeam(db: DbOrTx, workspaceId: string, teamId: string): Promise<{ id: string; name: string }[]> {
  return selectAutomationsNamingTeam(db, workspaceId, teamId);
}

export async function listAutomations(deps: AppDeps, actor: Actor): Promise<AutomationList> {
  const [rows, stats] = await Promise.all([listAutomationRows(deps.db, actor.workspaceId), statsOf(deps.db, actor.workspaceId, deps.clock.now())]);
  return { items: rows.map((row) => toAutomationDto(row, stats.get(row.id) ?? noStats)) };
}

async function automationDto(tx: DbOrTx, workspaceId: string, row: AutomationRow, now: Date): Promise<AutomationDto> {
  return toAutomationDto(row, (await statsOf(tx, workspaceId, now)).get(row.id) ?? noStats);
}

/** Appends a new automation at the end of the order. */
export async function createAutomation(deps: AppDeps, actor: Actor, body: CreateAutomationBody): Promise<AutomationDto> {
  const now = deps.clock.now();
  const conditions = AutomationConditions.parse(body.conditions ?? { all: [], any: [] });
  const time = body.time ? AutomationTime.parse(body.time) : null;
  return deps.db.transaction(async (tx) => {
    await assertValid(tx, actor.workspaceId, { trigger: body.trigger, time, conditions, actions: body.actions });
    const existing = await lockAutomationIds(tx, actor.workspaceId);
    const position = existing.reduce((highest, item) => Math.max(highest, item.position + 1), 0);
    const row = await insertAutomation(tx, {
      workspaceId: actor.workspaceId,
      name: body.name,
      description: body.description ?? '',
      enabled: body.enabled ?? true,
      trigger: body.trigger,
      timeAnchor: time?.anchor ?? null,
      timeAfterMinutes: time?.afterMinutes ?? null,
      timeBusinessHours: time?.businessHours ?? false,
      conditions,
      actions: body.actions,
      position,
      createdById: actor.userId,
      createdAt: now,
      updatedAt: now,
    });
    await recordAudit(tx, actor, { action: 'automation.created', subjectType: 'automation', subjectId: row.id, data: { after: snapshot(row) } });
    return toAutomationDto(row, noStats);
  });
}

/** What the audit keeps of an automation, before and after a change. */
function snapshot(row: AutomationRow) {
  return { name: row.name, enabled: row.enabled, trigger: row.trigger, time: timeOf(row), conditions: row.conditions, actions: row.actions, position: row.position };
}

export async function updateAutomation(deps: AppDeps, actor: Actor, id: string, body: UpdateAutomationBody): Promise<AutomationDto> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const before = await findAutomationRow(tx, actor.workspaceId, id);
    if (!before) throw automationNotFound(id);
    const trigger = body.trigger ?? before.trigger;
    // Switching a time rule to an event drops its delay unless the body says otherwise.
    const time = body.time !== undefined ? (body.time ? AutomationTime.parse(body.time) : null) : trigger === 'time' ? timeOf(before) : null;
    const conditions = body.conditions !== undefined ? AutomationConditions.parse(body.conditions) : conditionsOf(before);
    const actions = body.actions ?? actionsOf(before);
    await assertValid(tx, actor.workspaceId, { trigger, time, conditions, actions });
    const after = await updateAutomationRow(tx, actor.workspaceId, id, {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.description !== undefined ? { description: body.description } : {}),
      ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
      trigger,
      timeAnchor: time?.anchor ?? null,
      timeAfterMinutes: time?.afterMinutes ?? null,
      timeBusinessHours: time?.businessHours ?? false,
      conditions,
      actions,
      updatedAt: now,
    });
    if (!after) throw automationNotFound(id);
    await recordAudit(tx, actor, {
      action: 'automation.updated',
      subjectType: 'automation',
      subjectId: id,
      data: { fields: Object.keys(body), before: snapshot(before), after: snapshot(after) },
    });
    return automationDto(tx, actor.workspaceId, after, now);
  });
}

/** Deletes an automation and its run log (the ticket audit keeps what it did). */
export async function deleteAutomation(deps: AppDeps, actor: Actor, id: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const before = await findAutomationRow(tx, actor.workspaceId, id);
    if (!before) throw automationNotFound(id);
    await lockAutomationIds(tx, actor.workspaceId);
    if (!(await deleteAutomationRow(tx, actor.workspaceId, id))) throw automationNotFound(id);
    await recordAudit(tx, actor, { action: 'automation.deleted', subjectType: 'automation', subjectId: id, data: { before: snapshot(before) } });
  });
}

/** Sets the order: `ids` must be exactly the workspace's automations, each once. */
export async function reorderAutomations(deps: AppDeps, actor: Actor, ids: readonly string[]): Promise<AutomationList> {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const current = await lockAutomationIds(tx, actor.workspaceId);
    const known = new Set(current.map((item) => item.id));
    const seen = new Set<string>();
    const duplicates = ids.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
    const unknown = ids.filter((id) => !known.has(id));
    const missing = current.map((item) => item.id).filter((id) => !seen.has(id));
    if (duplicates.length > 0 || unknown.length > 0 || missing.length > 0) {
      throw new AppError('VALIDATION_FAILED', {
        message: 'Send every automation of the workspace exactly once, in the new order.',
        details: { fields: ['ids'], duplicates, unknown, missing },
      });
    }
    await setAutomationPositions(tx, actor.workspaceId, ids, now);
    await recordAudit(tx, actor, {
      action: 'automation.reordered',
      subjectType: 'automation',
      subjectId: null,
      data: { before: current.map((item) => item.id), after: [...ids] },
    });
  });
  return listAutomations(deps, actor);
}

// ---- The run log --------------------------------------------------------------------------------

export function toRunDto(view: AutomationRunView): AutomationRunDto {
  const { run } = view;
  return {
    id: run.id,
    automation: { id: run.automationId, name: view.automationName },
    ticketId: run.ticketId,
    ticketNumber: view.ticketNumber,
    trigger: run.trigger,
    outcome: run.outcome,
    changes: run.changes,
    error: run.error,
    overridden: view.override
      ? {
          by: view.override.actorId && view.override.actorName !== null ? { id: view.override.actorId, name: view.override.actorName } : null,
          reason: view.override.reason,
          at: view.override.at.toISOString(),
          reverted: Array.isArray(view.override.after['reverted']) && view.override.after['reverted'].length > 0,
        }
      : null,
    createdAt: run.createdAt.toISOString(),
  };
}

export async function listAutomationRuns(
  deps: AppDeps,
  actor: Actor,
  automationId: string,
  query: { cursor?: string | undefined; limit: number; outcome?: AutomationRunOutcome | undefined },
): Promise<AutomationRunPage> {
  if (!(await findAutomationRow(deps.db, actor.workspaceId, automationId))) throw automationNotFound(automationId);
  const cursor = query.cursor ? decodeTimestampCursor(query.cursor) : null;
  const rows = await selectAutomationRunPage(deps.db, actor.workspaceId, automationId, { outcome: query.outcome }, query.limit, cursor);
  return toPage(rows, query.limit, (page) => page.map(toRunDto), (last) => ({ values: [last.cursorAt], id: last.run.id }));
}

export async function listTicketAutomationRuns(deps: AppDeps, actor: Actor, ref: string): Promise<AutomationRunList> {
  const ticketId = await requireTicketId(deps.db, actor, ref);
  return { items: (await selectTicketRuns(deps.db, actor.workspaceId, ticketId)).map(toRunDto) };
}

// ---- Overriding a run ---------------------------------------------------------------------------

const notApplicable = (message: string, details: Record<string, unknown>) => new AppError('OVERRIDE_NOT_APPLICABLE', { message, details });

/**
 * A person overrides a run with a reason: recorded as a decision override (kind automation, the
 * automation's id), and with `revert` each field the run changed that still holds the value it set
 * is put back (as that person, through the ticket update). The automation then leaves this ticket
 * alone (the engine skips overridden automations). A run is overridden once.
 */
export async function overrideAutomationRun(deps: AppDeps, actor: Actor, ref: string, runId: string, body: OverrideAutomationRunBody): Promise<AutomationRunDto> {
  const now = deps.clock.now();
  const ticketId = await deps.db.transaction(async (tx) => {
    const ticket = await lockTicketByRef(tx, actor, ref);
    const view = await findRunView(tx, actor.workspaceId, ticket.id, runId);
    if (!view) throw new AppError('AUTOMATION_NOT_FOUND', { message: 'No automation run with that id on this ticket.', details: { runId } });
    if (await runOverrideExists(tx, actor.workspaceId, ticket.id, view.run.automationId, runId)) {
      throw notApplicable('This run was already overridden.', { runId });
    }
    const revert = body.revert ?? true;
    const plan = revert && view.run.outcome === 'applied' ? planRevert(view.run.changes, ticket) : { values: {}, reverted: [] as string[] };
    if (plan.reverted.length > 0) await changeTicket(tx, actor, ticket.id, plan.values, now);
    else await notifyRealtime(tx, { type: 'ticket.updated', workspaceId: actor.workspaceId, ticketId: ticket.id, ticketNumber: ticket.number, actorId: actor.userId, at: now.toISOString() });
    const changed = (field: string) => (view.run.changes[field] ?? null) as { from: unknown; to: unknown } | null;
    await recordDecisionOverride(
      tx,
      actor,
      {
        ticketId: ticket.id,
        kind: 'automation',
        subject: view.run.automationId,
        reason: body.reason,
        before: Object.fromEntries(plan.reverted.map((field) => [field, changed(field)?.to ?? null])),
        after: { runId, automationName: view.automationName, reverted: plan.reverted, ...Object.fromEntries(plan.reverted.map((field) => [field, changed(field)?.from ?? null])) },
      },
      now,
    );
    return ticket.id;
  });
  const view = await findRunView(deps.db, actor.workspaceId, ticketId, runId);
  if (!view) throw new AppError('AUTOMATION_NOT_FOUND', { message: 'No automation run with that id on this ticket.', details: { runId } });
  return toRunDto(view);
}

/**
 * The demo's automations: one that acts (urgent words in a new ticket's subject raise its priority
 * and tag it) and a time rule left switched off (it would notify about every old demo ticket at once),
 * so a new user sees both kinds under Admin → Automations.
 */
export async function seedDemoAutomations(tx: DbOrTx, workspaceId: string, createdById: string | null, now: Date): Promise<void> {
  const base = { workspaceId, createdById, createdAt: now, updatedAt: now, timeBusinessHours: false, timeAnchor: null, timeAfterMinutes: null };
  await insertAutomation(tx, {
    ...base,
    name: 'Urgent in the subject: raise the priority',
    description: 'A new ticket whose subject says it is urgent gets high priority and the "urgent" tag.',
    enabled: true,
    trigger: 'ticket_created',
    conditions: {
      all: [{ field: 'priority', operator: 'below', value: 'high' }],
      any: [
        { field: 'subject', operator: 'contains', value: 'urgent' },
        { field: 'subject', operator: 'contains', value: 'asap' },
      ],
    },
    actions: [
      { type: 'set_priority', priority: 'high' },
      { type: 'add_tags', tags: ['urgent'] },
    ],
    position: 0,
  });
  await insertAutomation(tx, {
    ...base,
    name: 'No reply after 4 business hours: tell the team',
    description: 'Switch it on to remind the team of new tickets nobody has answered for 4 business hours.',
    enabled: false,
    trigger: 'time',
    timeAnchor: 'created',
    timeAfterMinutes: 240,
    timeBusinessHours: true,
    conditions: { all: [{ field: 'status', operator: 'is', value: 'new' }], any: [] },
    actions: [{ type: 'notify', to: 'team', text: 'This ticket has waited 4 business hours without a reply.' }],
    position: 1,
  });
}
