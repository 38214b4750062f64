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
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { systemActor } from '../../platform/actor.ts';
import { notifyRealtime, publishEvent, recordAudit } from '../../platform/events.ts';
import type { EventListener } from '../../platform/outbox-dispatcher.ts';
import { refreshQueueKeys } from '../queue/queue-keys.ts';
import { clockView, planClocks, type SlaClock } from './sla-clock.ts';
import {
  clocksOfTicket,
  deletePolicy,
  findPolicy,
  insertPolicy,
  listPolicies,
  loadCalendarJson,
  loadSlaInputs,
  openTicketIdsAfter,
  openTicketIdsOfCustomer,
  reorderPolicies,
  updatePolicy,
  writeClocks,
  type CalendarJson,
  type DueClockEvent,
  type SlaPolicyRow,
} from './sla.queries.ts';

export const slaTopics = {
  warning: 'sla.warning',
  breached: 'sla.breached',
  policiesChanged: 'sla.policies_changed',
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

function clockDto(clock: SlaClock, policyName: string | null, calendar: BusinessCalendar, now: Date): TicketSlaDto {
  const view = clockView(clock, calendar, now);
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
  };
}

export async function ticketSlaClocks(deps: AppDeps, actor: Actor, ticketId: string): Promise<TicketSlaList> {
  const [rows, stored] = await Promise.all([clocksOfTicket(deps.db, actor.workspaceId, ticketId), loadCalendarJson(deps.db, actor.workspaceId)]);
  const calendar = calendarFromStored(stored);
  const now = deps.clock.now();
  return { items: rows.map(({ clock, policyName }) => clockDto(clock, policyName, calendar, now)) };
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
