/**
 * The automation engine (P7): on a ticket event (created, updated, customer replied, SLA warning
 * or breach) — or, for time rules, a while after one of its timestamps (automation-timer.ts) —
 * the enabled automations of that trigger run in position order, in one transaction with the
 * ticket locked. Each evaluates its conditions on the ticket as it is now (so later automations
 * see earlier ones' changes) and applies its actions as the system through the ticket use cases.
 *
 * - Every acting automation writes one run keyed by the event (the outbox event id, or the time
 *   rule's anchor): at-least-once delivery applies a run once, a duplicate event does nothing.
 * - A person's override of an automation on a ticket (decision_overrides) makes it skip that ticket.
 * - Notes and notifications are not repeated: the same text this automation wrote on the ticket
 *   within the loop window is a no-op (like setting a status the ticket already has).
 * - Loops: an automation that already applied `loopBound` times on a ticket in the last
 *   `loopWindowMs` is stopped instead ('stopped_loop' run, audited) and reported to every lead
 *   and admin (once per automation, ticket and window).
 * - A failing action rolls back that automation's changes (a savepoint) and writes a 'failed' run
 *   with the error; the rest of the pass goes on.
 */
import { storeNotification } from '../notifications/store-notification.ts';
import { AutomationAction, AutomationConditions, type AutomationLoopNotificationData, type AutomationNotificationData } from '@rapport/contracts/automations';
import type { UpdateTicketBody } from '@rapport/contracts/tickets';
import type { DbOrTx, Tx } from '@rapport/db/database';
import { z } from 'zod';
import { systemActor, type Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { notifyRealtime, publishEvent, recordAudit } from '../../platform/events.ts';
import type { Logger } from '../../platform/logger.ts';
import type { EventBatch, EventListener, OutboxEvent } from '../../platform/outbox-dispatcher.ts';
import { slaTopics } from '../sla/sla.ts';
import { addNoteInTransaction } from '../tickets/add-note.ts';
import { lockTicketByRef } from '../tickets/get-ticket.ts';
import { ticketTopics } from '../tickets/tickets.events.ts';
import { changeTicket } from '../tickets/update-ticket.ts';
import { clockState, conditionsHold, isEmptyPlan, planActions, withoutRepeats, worstSlaState, type ActionPlan, type TicketFacts } from './automation-rules.ts';
import {
  activeLeadAndAdminIds,
  activeTeamMemberIds,
  countRecentRuns,
  enabledAutomationsOf,
  enabledTriggersOf,
  insertRun,
  isActiveMember,
  noteAuthorId,
  overriddenAutomationIds,
  recentAppliedChanges,
  automationIdsRunForEvent,
  ticketFactExtras,
} from './automation-engine.queries.ts';
import type { AutomationRow } from './automations.queries.ts';

export const automationTopics = {
  /** A notify action: the listed members get an 'automation' notification. */
  notification: 'automation.notification',
  /** An automation was stopped for looping on a ticket: every lead and admin gets an 'automation_loop' notification. */
  loopStopped: 'automation.loop_stopped',
} as const;

/** The loop guard: at most this many applied runs of one automation on one ticket… */
export const loopBound = 5;
/** …within this window. */
export const loopWindowMs = 10 * 60_000;

export type AutomationTrigger = AutomationRow['trigger'];
type TicketRow = Awaited<ReturnType<typeof lockTicketByRef>>;

/** Which trigger an outbox event is, or null when automations do not run on it. */
export function triggerOfEvent(event: Pick<OutboxEvent, 'topic' | 'payload'>): Exclude<AutomationTrigger, 'time'> | null {
  switch (event.topic) {
    case ticketTopics.created:
      return 'ticket_created';
    case ticketTopics.updated:
    case ticketTopics.assigned:
    case ticketTopics.statusChanged:
      return 'ticket_updated';
    case ticketTopics.messageCreated:
      // An inbound message is the customer's (an agent's reply is outbound).
      return event.payload['direction'] === 'inbound' ? 'customer_replied' : null;
    case slaTopics.warning:
      return 'sla_warning';
    case slaTopics.breached:
      return 'sla_breached';
    default:
      return null;
  }
}

const StoredActions = z.array(AutomationAction).min(1);

/** The rule as stored, read strictly: the engine never runs an automation it cannot read. */
function readRule(row: AutomationRow): { conditions: AutomationConditions; actions: AutomationAction[] } | { error: string } {
  const conditions = AutomationConditions.safeParse(row.conditions);
  const actions = StoredActions.safeParse(row.actions);
  if (!conditions.success) return { error: 'The stored conditions of this automation are not valid; edit and save it again.' };
  if (!actions.success) return { error: 'The stored actions of this automation are not valid; edit and save it again.' };
  return { conditions: conditions.data, actions: actions.data };
}

async function factsOf(tx: DbOrTx, ticket: TicketRow, now: Date): Promise<TicketFacts> {
  const extras = await ticketFactExtras(tx, ticket.workspaceId, ticket);
  return {
    status: ticket.status,
    priority: ticket.priority,
    channel: ticket.channel,
    tags: ticket.tags,
    teamId: ticket.teamId,
    assigneeId: ticket.assigneeId,
    language: ticket.language,
    subject: ticket.subject,
    customerTier: extras.tier,
    sla: worstSlaState(extras.clocks.map((clock) => clockState(clock, now))),
  };
}

async function recipientsOf(tx: DbOrTx, workspaceId: string, to: 'assignee' | 'team' | 'leads', ticket: { assigneeId: string | null; teamId: string | null }): Promise<string[]> {
  if (to === 'assignee') return ticket.assigneeId && (await isActiveMember(tx, workspaceId, ticket.assigneeId)) ? [ticket.assigneeId] : [];
  if (to === 'team') return ticket.teamId ? activeTeamMemberIds(tx, workspaceId, ticket.teamId) : [];
  return activeLeadAndAdminIds(tx, workspaceId);
}

/** Applies one automation's plan inside its savepoint; returns what it did for the run log. */
async function applyPlan(tx: Tx, actor: Actor, rule: AutomationRow, ticket: TicketRow, plan: ActionPlan, now: Date): Promise<Record<string, unknown>> {
  const input: UpdateTicketBody = {};
  if (plan.changes.status) input.status = plan.changes.status.to;
  if (plan.changes.priority) input.priority = plan.changes.priority.to;
  if (plan.changes.teamId) input.teamId = plan.changes.teamId.to;
  if (plan.changes.assigneeId) input.assigneeId = plan.changes.assigneeId.to;
  if (plan.changes.tags) input.tags = plan.changes.tags.to;
  if (Object.keys(input).length > 0) await changeTicket(tx, actor, ticket.id, input, now);
  const changes: Record<string, unknown> = { ...plan.changes };
  if (plan.held.length > 0) changes['held'] = { actions: plan.held, why: 'A person routed this ticket by hand' };
  if (plan.notes.length > 0) {
    const authorId = await noteAuthorId(tx, actor.workspaceId, rule.createdById);
    if (!authorId) throw new Error('No active admin to write the note as.');
    const notes: { noteId: string; text: string }[] = [];
    for (const text of plan.notes) {
      notes.push({ noteId: await addNoteInTransaction(tx, actor, ticket, { authorId, text, data: { automationId: rule.id } }, now), text });
    }
    changes['notes'] = notes;
  }
  if (plan.notifications.length > 0) {
    const after = { assigneeId: plan.changes.assigneeId ? plan.changes.assigneeId.to : ticket.assigneeId, teamId: plan.changes.teamId ? plan.changes.teamId.to : ticket.teamId };
    const notified: { to: string; text: string; userIds: string[] }[] = [];
    for (const notification of plan.notifications) {
      const userIds = await recipientsOf(tx, actor.workspaceId, notification.to, after);
      if (userIds.length > 0) {
        const data: AutomationNotificationData = { automationId: rule.id, automationName: rule.name, text: notification.text, number: ticket.number, subject: ticket.subject };
        await publishEvent(tx, actor, { topic: automationTopics.notification, payload: { ticketId: ticket.id, ticketNumber: ticket.number, userIds, data } });
      }
      notified.push({ to: notification.to, text: notification.text, userIds });
    }
    changes['notifications'] = notified;
  }
  return changes;
}

class DuplicateRun extends Error {}

export interface PassInput {
  workspaceId: string;
  ticketId: string;
  trigger: AutomationTrigger;
  /** The outbox event id, or `time:<anchor>` for a time rule. */
  eventKey: string;
  rules: readonly AutomationRow[];
  now: Date;
  /** Checked after the ticket is locked (a time rule's anchor may have moved meanwhile). */
  stillApplies?: (tx: Tx, ticket: TicketRow) => Promise<boolean>;
}

/**
 * One pass over `rules` for one ticket, inside the caller's transaction; returns how many runs it
 * wrote (applied, stopped or failed).
 */
export async function runAutomationPass(tx: Tx, logger: Logger, input: PassInput): Promise<number> {
  const actor = systemActor(input.workspaceId);
  let ticket: TicketRow;
  try {
    ticket = await lockTicketByRef(tx, actor, input.ticketId);
  } catch (error) {
    if (error instanceof AppError && error.code === 'TICKET_NOT_FOUND') return 0;
    throw error;
  }
  if (ticket.mergedIntoId) return 0;
  if (input.stillApplies && !(await input.stillApplies(tx, ticket))) return 0;
  const [overridden, alreadyRun] = await Promise.all([
    overriddenAutomationIds(tx, input.workspaceId, ticket.id),
    automationIdsRunForEvent(tx, input.workspaceId, ticket.id, input.eventKey),
  ]);
  const base = { workspaceId: input.workspaceId, ticketId: ticket.id, trigger: input.trigger, eventKey: input.eventKey, createdAt: input.now };
  let written = 0;
  // The facts conditions read, loaded again only after a rule of this pass changed the ticket.
  let facts: TicketFacts | null = null;
  for (const rule of input.rules) {
    if (overridden.has(rule.id) || alreadyRun.has(rule.id)) continue;
    const read = readRule(rule);
    if ('error' in read) {
      if (await insertRun(tx, { ...base, automationId: rule.id, outcome: 'failed', error: read.error })) written += 1;
      continue;
    }
    // The ticket as the earlier automations of this pass left it.
    facts ??= await factsOf(tx, ticket, input.now);
    if (!conditionsHold(read.conditions, facts)) continue;
    const since = new Date(input.now.getTime() - loopWindowMs);
    const recentRuns = await recentAppliedChanges(tx, input.workspaceId, rule.id, ticket.id, since);
    const plan = withoutRepeats(planActions(read.actions, ticket), recentRuns);
    if (isEmptyPlan(plan)) continue;
    const recent = recentRuns.length;
    if (recent >= loopBound) {
      if (await stopLoop(tx, actor, rule, ticket, { ...base, automationId: rule.id }, recent, since)) written += 1;
      continue;
    }
    const current = ticket;
    try {
      await tx.transaction(async (savepoint) => {
        const changes = await applyPlan(savepoint, actor, rule, current, plan, input.now);
        const run = await insertRun(savepoint, { ...base, automationId: rule.id, outcome: 'applied', changes });
        if (!run) throw new DuplicateRun();
        await recordAudit(savepoint, actor, {
          action: 'automation.applied',
          subjectType: 'ticket',
          subjectId: current.id,
          data: { automationId: rule.id, name: rule.name, runId: run.id, trigger: input.trigger, changes },
        });
      });
      written += 1;
      ticket = await lockTicketByRef(tx, actor, ticket.id);
      facts = null;
    } catch (error) {
      if (error instanceof DuplicateRun) continue;
      const message = error instanceof Error ? error.message : String(error);
      logger.warn({ err: error, automationId: rule.id, ticketId: ticket.id }, 'automation failed; its run is logged as failed');
      const run = await insertRun(tx, { ...base, automationId: rule.id, outcome: 'failed', error: message.slice(0, 1000), changes: {} });
      if (run) {
        written += 1;
        await recordAudit(tx, actor, { action: 'automation.failed', subjectType: 'ticket', subjectId: ticket.id, data: { automationId: rule.id, name: rule.name, runId: run.id, error: message.slice(0, 1000) } });
        await refreshTicketViews(tx, ticket, input.now);
      }
    }
  }
  return written;
}

/** A run that changed nothing still shows in the ticket's run log: open screens refetch. */
async function refreshTicketViews(tx: Tx, ticket: TicketRow, at: Date): Promise<void> {
  await notifyRealtime(tx, { type: 'ticket.updated', workspaceId: ticket.workspaceId, ticketId: ticket.id, ticketNumber: ticket.number, actorId: null, at: at.toISOString() });
}

/** Writes the 'stopped_loop' run and its audit; the first stop of the window is reported to leads and admins. */
async function stopLoop(
  tx: Tx,
  actor: Actor,
  rule: AutomationRow,
  ticket: TicketRow,
  run: Omit<Parameters<typeof insertRun>[1], 'outcome'>,
  recent: number,
  since: Date,
): Promise<boolean> {
  const alreadyReported = (await countRecentRuns(tx, actor.workspaceId, rule.id, ticket.id, since, ['stopped_loop'])) > 0;
  const windowMinutes = loopWindowMs / 60_000;
  const stopped = await insertRun(tx, {
    ...run,
    outcome: 'stopped_loop',
    changes: {},
    error: `Stopped: it already ran ${recent} times on this ticket in the last ${windowMinutes} minutes (it keeps re-triggering itself).`,
  });
  if (!stopped) return false;
  await recordAudit(tx, actor, {
    action: 'automation.loop_stopped',
    subjectType: 'ticket',
    subjectId: ticket.id,
    data: { automationId: rule.id, name: rule.name, runId: stopped.id, runs: recent, windowMinutes, reported: !alreadyReported },
  });
  await refreshTicketViews(tx, ticket, run.createdAt ?? new Date());
  if (!alreadyReported) {
    const data: AutomationLoopNotificationData = { automationId: rule.id, automationName: rule.name, number: ticket.number, subject: ticket.subject, runs: recent, windowMinutes };
    await publishEvent(tx, actor, { topic: automationTopics.loopStopped, payload: { ticketId: ticket.id, ticketNumber: ticket.number, data } });
  }
  return true;
}

/** Runs the event's automations on its ticket (one transaction); returns the runs written. */
export async function runEventAutomations(
  deps: Pick<AppDeps, 'db' | 'logger' | 'clock'>,
  event: { workspaceId: string; ticketId: string; trigger: Exclude<AutomationTrigger, 'time'>; eventKey: string },
): Promise<number> {
  const rules = await enabledAutomationsOf(deps.db, event.workspaceId, event.trigger);
  if (rules.length === 0) return 0;
  return deps.db.transaction((tx) => runAutomationPass(tx, deps.logger, { ...event, rules, now: deps.clock.now() }));
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** automations: the event triggers. A payload without a ticket is ignored (never retried forever). */
export function automationsListener(deps: AppDeps): EventListener {
  // No job for an event no trigger maps (an agent's reply, an acknowledgement), one without a
  // ticket, or one whose trigger has no enabled automation in the workspace (one look per claim).
  const wants = async (event: OutboxEvent, batch: EventBatch) => {
    const trigger = triggerOfEvent(event);
    const ticketId = event.payload['ticketId'];
    if (!trigger || typeof ticketId !== 'string' || !uuidPattern.test(ticketId)) return false;
    const triggers = await batch.once(`automation-triggers:${event.workspaceId}`, () => enabledTriggersOf(deps.db, event.workspaceId));
    return triggers.has(trigger);
  };
  return {
    name: 'automations',
    topics: [ticketTopics.created, ticketTopics.updated, ticketTopics.assigned, ticketTopics.statusChanged, ticketTopics.messageCreated, slaTopics.warning, slaTopics.breached],
    wants,
    async handle(event) {
      const trigger = triggerOfEvent(event);
      const ticketId = event.payload['ticketId'];
      // (runEventAutomations finds the enabled automations itself: no need to ask `wants` again.)
      if (!trigger || typeof ticketId !== 'string' || !uuidPattern.test(ticketId)) return;
      await runEventAutomations(deps, { workspaceId: event.workspaceId, ticketId, trigger, eventKey: String(event.eventId) });
    },
  };
}

const stringArray = z.array(z.string());

/**
 * automation-notifications: a notify action's 'automation' notification to the members it named,
 * and a stopped loop's 'automation_loop' notification to every lead and admin. Idempotent per
 * (event, recipient, kind).
 */
export function automationNotificationsListener(deps: AppDeps): EventListener {
  return {
    name: 'automation-notifications',
    topics: [automationTopics.notification, automationTopics.loopStopped],
    async handle(event) {
      const ticketId = event.payload['ticketId'];
      const data = event.payload['data'];
      if (typeof ticketId !== 'string' || typeof data !== 'object' || data === null) return;
      const isLoop = event.topic === automationTopics.loopStopped;
      const listed = stringArray.safeParse(event.payload['userIds']);
      const userIds = isLoop ? await activeLeadAndAdminIds(deps.db, event.workspaceId) : listed.success ? listed.data : [];
      for (const userId of userIds) {
        await deps.db.transaction((tx) => storeNotification(deps, tx, {
          workspaceId: event.workspaceId,
          userId,
          ticketId,
          kind: isLoop ? 'automation_loop' : 'automation',
          eventId: event.eventId,
          data: data as Record<string, unknown>,
        }));
      }
    },
  };
}
