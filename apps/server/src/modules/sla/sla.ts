/**
 * SLA policies and the clocks of tickets (issue 7 part 1). `syncTicketSlas` runs inside every
 * transaction that changes a ticket (tickets/ticket-changes.ts calls it), so a ticket's clocks are
 * always as true as the ticket itself; the SLA monitor (sla-monitor.ts) turns passed warn and due
 * times into `sla.warning` / `sla.breached` events. Policy changes are applied to open tickets by
 * a listener of `sla.policies_changed` (re-evaluated in batches) and to every ticket at its next change.
 */
import type { DbOrTx } from '@rapport/db/database';
import { calendarFromStored, type BusinessCalendar } from '@rapport/business-time/business-time';
import type {
  CreateSlaPolicyBody,
  ReorderSlaPoliciesBody,
  SlaPolicyDto,
  SlaPolicyList,
  TicketSlaDto,
  TicketSlaList,
  UpdateSlaPolicyBody,
} from '@rapport/contracts/service';
import type { DecisionOverrideDto, SlaOverrideBody } from '@rapport/contracts/overrides';
import type { SlaMetric } from '@rapport/contracts/tickets';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { systemActor } from '../../platform/actor.ts';
import { notifyRealtime, publishEvent, recordAudit } from '../../platform/events.ts';
import type { EventListener } from '../../platform/outbox-dispatcher.ts';
import { overridesOfTicket, recordDecisionOverride } from '../overrides/overrides.ts';
import { refreshQueueKeys } from '../queue/queue-keys.ts';
import { lockTicketByRef } from '../tickets/get-ticket.ts';
import { clockView, extendClock, overrideRefusal, planClocks, waiveClock, type SlaClock } from './sla-clock.ts';
import {
  clocksOfTicket,
  deletePolicy,
  findPolicy,
  insertPolicy,
  listPolicies,
  loadCalendarJson,
  loadSlaInputs,
  lockClock,
  openTicketIdsAfter,
  openTicketIdsOfCustomer,
  reorderPolicies,
  updatePolicy,
  writeClocks,
  writeOverriddenClock,
  type CalendarJson,
  type DueClockEvent,
  type SlaPolicyRow,
} from './sla.queries.ts';

export const slaTopics = {
  warning: 'sla.warning',
  breached: 'sla.breached',
  policiesChanged: 'sla.policies_changed',
  overridden: 'sla.overridden',
} as const;

const calendarOf = (json: CalendarJson): BusinessCalendar => calendarFromStored(json);

/**
 * Brings the SLA clocks of these tickets up to date with their current state, inside the caller's
 * transaction (after it wrote the ticket). Writes only clocks that changed. A clock found breached
 * here (it stopped or paused after its due time before the monitor saw it) gets its `sla.breached`
 * event here, as the monitor would have written it.
 */
export async function syncTicketSlas(tx: DbOrTx, workspaceId: string, ticketIds: readonly string[], at: Date): Promise<void> {
  if (ticketIds.length === 0) return;
  const inputs = await loadSlaInputs(tx, workspaceId, [...new Set(ticketIds)]);
  if (inputs.policies.length === 0 && inputs.clocks.length === 0) return;
  const plan = planClocks({ tickets: inputs.tickets, policies: inputs.policies, calendar: calendarOf(inputs.calendar), clocks: inputs.clocks, at });
  await writeClocks(tx, workspaceId, plan.upserts, plan.deletes, at);
  const before = new Map(inputs.clocks.map((clock) => [`${clock.ticketId}|${clock.metric}`, clock]));
  const numbers = new Map(inputs.tickets.map((ticket) => [ticket.id, ticket.number]));
  for (const clock of plan.upserts) {
    const previous = before.get(`${clock.ticketId}|${clock.metric}`);
    if (!clock.breachedAt || (previous?.breachedAt && previous.startedAt.getTime() === clock.startedAt.getTime())) continue;
    await recordSlaEvent(
      tx,
      { workspaceId, ticketId: clock.ticketId, ticketNumber: numbers.get(clock.ticketId) ?? 0, metric: clock.metric, kind: 'breached', at: clock.breachedAt, policyId: clock.policyId, targetMinutes: clock.targetMinutes },
      at,
    );
  }
}

/** A warning or breach of a clock: audit, the `sla.warning` / `sla.breached` event and a realtime refresh. */
export async function recordSlaEvent(tx: DbOrTx, event: DueClockEvent, now: Date): Promise<void> {
  const actor = systemActor(event.workspaceId);
  const data = { metric: event.metric, at: event.at.toISOString(), policyId: event.policyId, targetMinutes: event.targetMinutes };
  await recordAudit(tx, actor, { action: event.kind === 'breached' ? 'sla.breached' : 'sla.warning', subjectType: 'ticket', subjectId: event.ticketId, data });
  await publishEvent(tx, actor, {
    topic: event.kind === 'breached' ? slaTopics.breached : slaTopics.warning,
    payload: { ticketId: event.ticketId, ticketNumber: event.ticketNumber, ...data },
  });
  await notifyRealtime(tx, {
    type: 'ticket.updated',
    workspaceId: event.workspaceId,
    ticketId: event.ticketId,
    ticketNumber: event.ticketNumber,
    actorId: null,
    at: now.toISOString(),
  });
}

/** A customer's tier changed: their open tickets may fall under another policy now. */
export async function syncCustomerTicketSlas(tx: DbOrTx, workspaceId: string, customerId: string, at: Date): Promise<void> {
  const ids = await openTicketIdsOfCustomer(tx, workspaceId, customerId);
  for (let start = 0; start < ids.length; start += reevaluateBatch) await syncTicketSlas(tx, workspaceId, ids.slice(start, start + reevaluateBatch), at);
}

// ---- Reading clocks -----------------------------------------------------------------------

/** The latest override of each kind of action for one clock, from the ticket's SLA overrides (oldest first). */
function clockOverrides(clock: SlaClock, overrides: readonly DecisionOverrideDto[]) {
  const mine = overrides.filter((row) => row.subject === clock.metric && Date.parse(row.createdAt) >= clock.startedAt.getTime());
  const latest = (action: string) => mine.filter((row) => row.after['action'] === action).at(-1) ?? null;
  return { extend: latest('extend'), waive: latest('waive') };
}

function clockDto(clock: SlaClock, policyName: string | null, calendar: BusinessCalendar, now: Date, overrides: readonly DecisionOverrideDto[] = []): TicketSlaDto {
  const view = clockView(clock, calendar, now);
  const by = clockOverrides(clock, overrides);
  return {
    metric: clock.metric,
    state: view.state,
    policy: clock.policyId && policyName !== null ? { id: clock.policyId, name: policyName } : null,
    targetMinutes: clock.targetMinutes,
    businessHours: clock.businessHours,
    elapsedMinutes: Math.round(view.elapsedMs / 600) / 100,
    dueAt: clock.dueAt?.toISOString() ?? null,
    warning: view.warning,
    breachedAt: (clock.breachedAt ?? (view.state === 'breached' ? clock.dueAt : null))?.toISOString() ?? null,
    stoppedAt: clock.stoppedAt?.toISOString() ?? null,
    startedAt: clock.startedAt.toISOString(),
    extraMinutes: clock.extraMinutes,
    extension: clock.extraMinutes > 0 && by.extend ? { actor: by.extend.actor, reason: by.extend.reason, createdAt: by.extend.createdAt } : null,
    waived: clock.waivedAt ? { at: clock.waivedAt.toISOString(), actor: by.waive?.actor ?? null, reason: by.waive?.reason ?? null } : null,
  };
}

export async function ticketSlaClocks(deps: AppDeps, actor: Actor, ticketId: string, db: DbOrTx = deps.db): Promise<TicketSlaList> {
  const [rows, stored] = await Promise.all([clocksOfTicket(db, actor.workspaceId, ticketId), loadCalendarJson(db, actor.workspaceId)]);
  const calendar = calendarFromStored(stored);
  const now = deps.clock.now();
  const overrides = rows.some(({ clock }) => clock.extraMinutes > 0 || clock.waivedAt) ? await overridesOfTicket(db, actor.workspaceId, ticketId, 'sla') : [];
  return { items: rows.map(({ clock, policyName }) => clockDto(clock, policyName, calendar, now, overrides)) };
}

// ---- Overrides by a person (P7) -------------------------------------------------------------

const timeOrNull = (value: Date | null) => value?.toISOString() ?? null;
const overrideState = (clock: SlaClock) => ({
  dueAt: timeOrNull(clock.dueAt),
  warnAt: timeOrNull(clock.warnAt),
  breachedAt: timeOrNull(clock.breachedAt),
  extraMinutes: clock.extraMinutes,
  waivedAt: timeOrNull(clock.waivedAt),
});

/**
 * A person extends or waives one SLA clock of a ticket, with a reason (sla.override). Recorded as a
 * decision override (kind 'sla', subject the metric) with the due times before and after; the
 * ticket's place in the fair queue follows. OVERRIDE_NOT_APPLICABLE when the ticket has no such
 * clock, it is already waived, or (extend) it has stopped.
 */
export async function overrideSlaClock(deps: AppDeps, actor: Actor, ref: string, metric: SlaMetric, body: SlaOverrideBody): Promise<TicketSlaList> {
  return deps.db.transaction(async (tx) => {
    const ticket = await lockTicketByRef(tx, actor, ref);
    const now = deps.clock.now();
    // Bring the clocks up to date first, so the override applies to the clock as it stands now.
    await syncTicketSlas(tx, actor.workspaceId, [ticket.id], now);
    const clock = await lockClock(tx, actor.workspaceId, ticket.id, metric);
    if (!clock) {
      throw new AppError('OVERRIDE_NOT_APPLICABLE', { message: 'This ticket has no clock of that metric to override.', details: { metric } });
    }
    const refusal = overrideRefusal(clock, body.action);
    if (refusal) throw new AppError('OVERRIDE_NOT_APPLICABLE', { message: refusal, details: { metric, action: body.action } });
    const calendar = calendarFromStored(await loadCalendarJson(tx, actor.workspaceId));
    const next = body.action === 'extend' ? extendClock(clock, calendar, body.minutes, now) : waiveClock(clock, calendar, now);
    await writeOverriddenClock(tx, actor.workspaceId, next, now);
    const after = {
      action: body.action,
      ...(body.action === 'extend' ? { minutes: body.minutes } : {}),
      ...overrideState(next),
      // A breach on record stays unless the new due time is in the future.
      breachKept: next.breachedAt !== null,
    };
    await recordDecisionOverride(tx, actor, { ticketId: ticket.id, kind: 'sla', subject: metric, reason: body.reason, before: overrideState(clock), after }, now);
    if (next.breachedAt && !clock.breachedAt) {
      // Waived after its due time passed but before the monitor saw it: the breach happened.
      await recordSlaEvent(tx, { workspaceId: actor.workspaceId, ticketId: ticket.id, ticketNumber: ticket.number, metric, kind: 'breached', at: next.breachedAt, policyId: next.policyId, targetMinutes: next.targetMinutes }, now);
    }
    await publishEvent(tx, actor, { topic: slaTopics.overridden, payload: { ticketId: ticket.id, ticketNumber: ticket.number, metric, reason: body.reason.trim(), ...after } });
    await refreshQueueKeys(tx, actor.workspaceId, [ticket.id], now);
    await notifyRealtime(tx, { type: 'ticket.updated', workspaceId: actor.workspaceId, ticketId: ticket.id, ticketNumber: ticket.number, actorId: actor.userId, at: now.toISOString() });
    return ticketSlaClocks(deps, actor, ticket.id, tx);
  });
}

// ---- Policies -----------------------------------------------------------------------------

export function policyDto(row: SlaPolicyRow): SlaPolicyDto {
  return {
    id: row.id,
    name: row.name,
    position: row.position,
    enabled: row.enabled,
    priorities: row.priorities as SlaPolicyDto['priorities'],
    tiers: row.tiers as SlaPolicyDto['tiers'],
    channels: row.channels as SlaPolicyDto['channels'],
    firstReplyMinutes: row.firstReplyMinutes,
    nextReplyMinutes: row.nextReplyMinutes,
    resolutionMinutes: row.resolutionMinutes,
    businessHours: row.businessHours,
    warnMinutes: row.warnMinutes,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listSlaPolicies(deps: AppDeps, actor: Actor): Promise<SlaPolicyList> {
  return { items: (await listPolicies(deps.db, actor.workspaceId)).map(policyDto) };
}

const notFound = (id: string) => new AppError('SLA_POLICY_NOT_FOUND', { message: 'No SLA policy with that id in this workspace.', details: { id } });

/** Audit, and the event whose listener re-evaluates the open tickets' clocks. */
async function policiesChanged(tx: DbOrTx, actor: Actor, action: string, subjectId: string | null, data: Record<string, unknown>): Promise<void> {
  await recordAudit(tx, actor, { action, subjectType: 'sla_policy', subjectId, data });
  await publishEvent(tx, actor, { topic: slaTopics.policiesChanged, payload: { action, policyId: subjectId } });
}

/**
 * The workspace calendar or time zone changed: running clocks count in it, so every open ticket is
 * re-evaluated (by the same listener as a policy change), in the caller's transaction's outbox.
 */
export async function requestSlaReevaluation(tx: DbOrTx, actor: Actor, reason: string): Promise<void> {
  await publishEvent(tx, actor, { topic: slaTopics.policiesChanged, payload: { action: reason, policyId: null } });
}

export async function createSlaPolicy(deps: AppDeps, actor: Actor, body: CreateSlaPolicyBody): Promise<SlaPolicyDto> {
  return deps.db.transaction(async (tx) => {
    const row = await insertPolicy(tx, { workspaceId: actor.workspaceId, ...body });
    await policiesChanged(tx, actor, 'sla_policy.created', row.id, { policy: policyDto(row) });
    return policyDto(row);
  });
}

export async function updateSlaPolicy(deps: AppDeps, actor: Actor, id: string, body: UpdateSlaPolicyBody): Promise<SlaPolicyDto> {
  return deps.db.transaction(async (tx) => {
    const before = await findPolicy(tx, actor.workspaceId, id);
    if (!before) throw notFound(id);
    const next = { ...before, ...body };
    if (next.firstReplyMinutes === null && next.nextReplyMinutes === null && next.resolutionMinutes === null) {
      throw new AppError('VALIDATION_FAILED', { message: 'Set at least one target.', details: { fields: ['firstReplyMinutes', 'nextReplyMinutes', 'resolutionMinutes'] } });
    }
    const row = (await updatePolicy(tx, actor.workspaceId, id, { ...body, updatedAt: deps.clock.now() }))!;
    await policiesChanged(tx, actor, 'sla_policy.updated', id, { from: policyDto(before), to: policyDto(row) });
    return policyDto(row);
  });
}

export async function deleteSlaPolicy(deps: AppDeps, actor: Actor, id: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const before = await findPolicy(tx, actor.workspaceId, id);
    if (!before || !(await deletePolicy(tx, actor.workspaceId, id))) throw notFound(id);
    await policiesChanged(tx, actor, 'sla_policy.deleted', id, { policy: policyDto(before) });
  });
}

export async function reorderSlaPolicies(deps: AppDeps, actor: Actor, body: ReorderSlaPoliciesBody): Promise<SlaPolicyList> {
  return deps.db.transaction(async (tx) => {
    const current = await listPolicies(tx, actor.workspaceId);
    const known = new Set(current.map((row) => row.id));
    if (body.ids.length !== current.length || new Set(body.ids).size !== body.ids.length || !body.ids.every((id) => known.has(id))) {
      throw new AppError('SLA_ORDER_INVALID', { message: 'List every SLA policy of the workspace exactly once.', details: { expected: current.length } });
    }
    await reorderPolicies(tx, actor.workspaceId, body.ids);
    await policiesChanged(tx, actor, 'sla_policy.reordered', null, { from: current.map((row) => row.id), to: body.ids });
    return { items: (await listPolicies(tx, actor.workspaceId)).map(policyDto) };
  });
}

const reevaluateBatch = 200;

/**
 * After a policy, calendar or time-zone change: every open ticket of the workspace gets its clocks
 * (and its fair-queue place) re-evaluated, in
 * batches of 200 (each its own short transaction), so a new policy applies to the tickets already
 * waiting, not only to new ones. Idempotent: a second run changes nothing.
 */
export async function reevaluateOpenTickets(deps: { db: AppDeps['db']; clock: AppDeps['clock'] }, workspaceId: string): Promise<number> {
  let after: string | null = null;
  let total = 0;
  for (;;) {
    const ids = await openTicketIdsAfter(deps.db, workspaceId, after, reevaluateBatch);
    if (ids.length === 0) return total;
    await deps.db.transaction(async (tx) => {
      await syncTicketSlas(tx, workspaceId, ids, deps.clock.now());
      // Their place in the fair queue follows the reply clocks' new due times.
      await refreshQueueKeys(tx, workspaceId, ids, deps.clock.now());
    });
    total += ids.length;
    after = ids[ids.length - 1]!;
  }
}

export function slaPolicyListener(deps: AppDeps): EventListener {
  return {
    name: 'sla-reevaluate',
    topics: [slaTopics.policiesChanged],
    handle: async (event) => {
      await reevaluateOpenTickets(deps, event.workspaceId);
    },
  };
}
