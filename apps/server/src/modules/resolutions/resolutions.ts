/**
 * Resolution actions (issue 7 part 7; P3, P29): an agent gives a refund, store credit, replacement,
 * discount or free shipping on a ticket. Within their role's limit (per action and per period) it
 * is approved at once; above it, it waits for a lead, who approves (within their own limit) or
 * rejects with a note. Every action lands in the ledger; every step is audited on the ticket,
 * published on the outbox (`resolution_action.*`, the approved one is what webhooks send to shops)
 * and tells open ticket pages to refetch.
 *
 * - One requester's limit checks are serialized (an advisory lock per workspace and person), so
 *   two concurrent actions cannot both pass the same period limit.
 * - A decision updates the request only while it is pending: concurrent decisions resolve once and
 *   the loser gets RESOLUTION_DECIDED.
 * - An approval is an override of the requester's limit: it leaves a `decision_overrides` row.
 */
import { stringify } from 'csv-stringify/sync';
import {
  resolutionActions as allActions,
  resolutionTopics,
  type ApprovalReason,
  type CreateResolutionActionBody,
  type DecideResolutionBody,
  type LedgerCsvQuery,
  type ResolutionAction,
  type ResolutionActionDto,
  type ResolutionApprovedEventData,
  type ResolutionPage,
  type TicketResolutions,
} from '@rapport/contracts/resolutions';
import type { z } from 'zod';
import type { Role } from '@rapport/contracts/auth';
import type { DbOrTx } from '@rapport/db/database';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { notifyRealtime, publishEvent, recordAudit } from '../../platform/events.ts';
import { decodeTimestampCursor, toPage } from '../../platform/keyset-cursor.ts';
import { roleHas } from '../../platform/permissions.ts';
import { recordDecisionOverride } from '../overrides/record-override.ts';
import { startedPlaybooksOf } from '../playbooks/playbooks.ts';
import { describeSuggestion, latestCustomerText, OUR_MISTAKE_TAG, suggestPlaybooks } from '../playbooks/suggest-playbooks.ts';
import { lockTicketByRef, requireTicketId } from '../tickets/get-ticket.ts';
import { allowancesOf, usedInPeriod } from './discretion-limits.ts';
import { workspaceTimeZone } from '../workspaces/update-workspace.ts';
import { decideWithinLimit, fitsWithin, formatMoney, isPositive, remainingInPeriod } from './limit-decision.ts';
import { suggestResolution, type AgentLimit } from './resolution-suggestion.ts';
import {
  actionViewsOfTicket,
  activeMembersWithRoles,
  customerHistorySince,
  decidePendingAction,
  findActionRow,
  findActionView,
  findLimitRow,
  firstOpenTicket,
  insertActionRow,
  limitCurrencies,
  limitRowsFor,
  loadTicketFacts,
  lockRequesterLimits,
  memberOf,
  selectLedgerPage,
  selectLedgerRows,
  replaceLimitRows,
  selectPendingPage,
  type LedgerFilter,
  type ResolutionActionRow,
  type ResolutionView,
} from './resolutions.queries.ts';

/** The CSV export stops here (the response says so in `x-rapport-truncated`). */
export const ledgerCsvMaxRows = 50_000;
const yearMs = 365 * 24 * 60 * 60 * 1000;
const roles: readonly Role[] = ['agent', 'lead', 'admin'];

const notFound = (id: string) => new AppError('RESOLUTION_ACTION_NOT_FOUND', { message: 'No resolution action with that id in this workspace.', details: { id } });

const actionWords: Record<ResolutionAction, string> = {
  refund: 'refund',
  store_credit: 'store credit',
  replacement: 'replacement',
  discount: 'discount',
  free_shipping: 'free shipping',
};

export function toResolutionDto(view: ResolutionView): ResolutionActionDto {
  const reason = view.approvalReason as ApprovalReason | null;
  return {
    id: view.id,
    ticketId: view.ticketId,
    ticketNumber: view.ticketNumber,
    ticketSubject: view.ticketSubject,
    customer: { id: view.customerId, name: view.customerName },
    action: view.action,
    amount: formatMoney(view.amount),
    currency: view.currency,
    reason: view.reason,
    status: view.status,
    approval: view.approval,
    approvalReason: reason === 'above_per_action' || reason === 'above_period' || reason === 'no_limit' ? reason : null,
    requestedBy: view.requestedById && view.requestedByName !== null ? { id: view.requestedById, name: view.requestedByName } : null,
    approver: view.approverId && view.approverName !== null ? { id: view.approverId, name: view.approverName } : null,
    decisionNote: view.decisionNote,
    decidedAt: view.decidedAt?.toISOString() ?? null,
    suggested: view.suggestion !== null,
    createdAt: view.createdAt.toISOString(),
  };
}

/** The `resolution_action.approved` event: exactly what a shop system needs to carry it out. */
export function approvedEventData(view: ResolutionView): ResolutionApprovedEventData {
  return {
    resolutionActionId: view.id,
    ticketId: view.ticketId,
    ticketNumber: view.ticketNumber,
    customer: { id: view.customerId, name: view.customerName, email: view.customerEmail },
    action: view.action,
    amount: formatMoney(view.amount),
    currency: view.currency,
    reason: view.reason,
    requestedBy: view.requestedById && view.requestedByName !== null ? { id: view.requestedById, name: view.requestedByName } : null,
    approver: view.approverId && view.approverName !== null ? { id: view.approverId, name: view.approverName } : null,
    approval: view.approval ?? 'within_limit',
    approvedAt: (view.decidedAt ?? view.createdAt).toISOString(),
  };
}

/** The other events (requested, rejected, cancelled): the action as the ledger shows it. */
function eventData(view: ResolutionView) {
  return {
    resolutionActionId: view.id,
    ticketId: view.ticketId,
    ticketNumber: view.ticketNumber,
    action: view.action,
    amount: formatMoney(view.amount),
    currency: view.currency,
    reason: view.reason,
    status: view.status,
    approvalReason: view.approvalReason,
    requestedById: view.requestedById,
    approverId: view.approverId,
    decisionNote: view.decisionNote,
  };
}

async function requireView(db: DbOrTx, workspaceId: string, id: string): Promise<ResolutionView> {
  const view = await findActionView(db, workspaceId, id);
  if (!view) throw notFound(id);
  return view;
}

async function tellTicketPages(tx: DbOrTx, actor: Actor, view: ResolutionView, now: Date): Promise<void> {
  await notifyRealtime(tx, { type: 'ticket.updated', workspaceId: actor.workspaceId, ticketId: view.ticketId, ticketNumber: view.ticketNumber, actorId: actor.userId, at: now.toISOString() });
}

/** The actions the ticket's started playbooks allow (their union), all five when none is started. */
/** What the playbooks started on the ticket allow (all five actions when none is started), and their keys. */
async function ticketSituation(db: DbOrTx, workspaceId: string, ticketId: string) {
  const started = await startedPlaybooksOf(db, workspaceId, ticketId);
  const allowed = started.length === 0 ? [...allActions] : allActions.filter((action) => started.some((playbook) => playbook.allowedActions.includes(action)));
  return { allowedActions: allowed as ResolutionAction[], startedKeys: new Set(started.flatMap((playbook) => (playbook.key ? [playbook.key] : []))) };
}

function isClosedForActions(ticket: { status: string; mergedIntoId: string | null }): string | null {
  if (ticket.mergedIntoId) return 'The ticket was merged into another one; act on that ticket.';
  if (ticket.status === 'closed') return 'The ticket is closed.';
  return null;
}

// ---- Reading ------------------------------------------------------------------------------------

export async function ticketResolutions(deps: AppDeps, actor: Actor, ref: string): Promise<TicketResolutions> {
  const ticketId = await requireTicketId(deps.db, actor, ref);
  const now = deps.clock.now();
  const [views, situation, facts] = await Promise.all([actionViewsOfTicket(deps.db, actor.workspaceId, ticketId), ticketSituation(deps.db, actor.workspaceId, ticketId), loadTicketFacts(deps.db, actor.workspaceId, ticketId)]);
  const suggestion = facts && !isClosedForActions(facts) && actor.userId ? await suggestFor(deps, actor, actor.userId, facts, situation, now) : null;
  return { items: views.map(toResolutionDto), suggestion, allowedActions: situation.allowedActions };
}

async function suggestFor(
  deps: AppDeps,
  actor: Actor,
  userId: string,
  facts: NonNullable<Awaited<ReturnType<typeof loadTicketFacts>>>,
  situation: Awaited<ReturnType<typeof ticketSituation>>,
  now: Date,
): Promise<TicketResolutions['suggestion']> {
  const [allowances, currencies, history] = await Promise.all([
    allowancesOf(deps.db, actor.workspaceId, actor.role, userId, now),
    limitCurrencies(deps.db, actor.workspaceId),
    customerHistorySince(deps.db, actor.workspaceId, facts.customerId, new Date(now.getTime() - yearMs)),
  ]);
  // The workspace's main currency the agent has limits in.
  const currency = currencies.find((code) => allowances.some(({ row }) => row.currency === code));
  if (!currency) return null;
  const limits: AgentLimit[] = allowances
    .filter(({ row }) => row.currency === currency)
    .map(({ row, used }) => ({ action: row.action, perAction: formatMoney(row.perAction), remainingInPeriod: remainingInPeriod(row.perPeriod === null ? null : formatMoney(row.perPeriod), used) }));
  const matches = suggestPlaybooks({ subject: facts.subject, tags: facts.tags, conversation: facts.conversation });
  const mistakeMatch = matches.find((match) => match.key === 'our_mistake');
  const delayMatch = matches.find((match) => match.key === 'delayed_shipment');
  const tagged = facts.tags.find((tag) => [OUR_MISTAKE_TAG, 'our_mistake'].includes(tag.toLowerCase()));
  const ourMistake = tagged
    ? `the ticket is tagged ${tagged}.`
    : situation.startedKeys.has('our_mistake')
      ? 'the our-mistake playbook is started on the ticket.'
      : mistakeMatch
        ? describeSuggestion(mistakeMatch)
        : null;
  const delayedShipment = situation.startedKeys.has('delayed_shipment') ? 'the delayed-shipment playbook is started on the ticket.' : delayMatch ? describeSuggestion(delayMatch) : null;
  return suggestResolution({
    customerText: latestCustomerText(facts.conversation),
    ourMistake,
    delayedShipment,
    history: { ticketsLastYear: history.tickets, actionsLastYear: history.actions },
    allowedActions: situation.allowedActions,
    currency,
    limits,
  });
}

export async function listPendingApprovals(deps: AppDeps, actor: Actor, query: { cursor?: string | undefined; limit: number }): Promise<ResolutionPage> {
  const cursor = query.cursor ? decodeTimestampCursor(query.cursor) : null;
  const rows = await selectPendingPage(deps.db, actor.workspaceId, query.limit, cursor);
  return toPage(rows, query.limit, (page) => page.map(toResolutionDto), (last) => ({ values: [last.cursorAt], id: last.id }));
}

type ParsedLedgerQuery = z.output<typeof LedgerCsvQuery> & { cursor?: string | undefined; limit?: number };

function ledgerFilter(query: ParsedLedgerQuery): LedgerFilter {
  return {
    status: query.status,
    action: query.action,
    requestedById: query.requestedById,
    currency: query.currency,
    from: query.from ? new Date(query.from) : undefined,
    to: query.to ? new Date(query.to) : undefined,
  };
}

export async function listLedger(deps: AppDeps, actor: Actor, query: ParsedLedgerQuery & { limit: number }): Promise<ResolutionPage> {
  const cursor = query.cursor ? decodeTimestampCursor(query.cursor) : null;
  const rows = await selectLedgerPage(deps.db, actor.workspaceId, ledgerFilter(query), query.limit, cursor);
  return toPage(rows, query.limit, (page) => page.map(toResolutionDto), (last) => ({ values: [last.cursorAt], id: last.id }));
}

export const ledgerCsvColumns = [
  'created_at',
  'ticket_number',
  'ticket_subject',
  'customer',
  'action',
  'amount',
  'currency',
  'status',
  'approval',
  'requested_by',
  'approver',
  'decided_at',
  'reason',
  'decision_note',
] as const;

/** The ledger as CSV (newest first, at most `ledgerCsvMaxRows` rows; `truncated` says whether there were more). */
export async function ledgerCsv(deps: AppDeps, actor: Actor, query: ParsedLedgerQuery): Promise<{ csv: string; rows: number; truncated: boolean; filename: string }> {
  const rows = await selectLedgerRows(deps.db, actor.workspaceId, ledgerFilter(query), ledgerCsvMaxRows + 1);
  const truncated = rows.length > ledgerCsvMaxRows;
  const shown = truncated ? rows.slice(0, ledgerCsvMaxRows) : rows;
  const csv = stringify(
    shown.map((view) => [
      view.createdAt.toISOString(),
      view.ticketNumber,
      view.ticketSubject,
      view.customerName,
      view.action,
      formatMoney(view.amount),
      view.currency,
      view.status,
      view.approval ?? '',
      view.requestedByName ?? '',
      view.approverName ?? '',
      view.decidedAt?.toISOString() ?? '',
      view.reason,
      view.decisionNote ?? '',
    ]),
    // Subjects and names come from customers: a cell starting with = + - @ is quoted so spreadsheets do not run it.
    { header: true, columns: [...ledgerCsvColumns], escape_formulas: true },
  );
  return { csv, rows: shown.length, truncated, filename: `resolution-ledger-${deps.clock.now().toISOString().slice(0, 10)}.csv` };
}

// ---- Acting -------------------------------------------------------------------------------------

export async function createResolutionAction(deps: AppDeps, actor: Actor, ref: string, body: z.output<typeof CreateResolutionActionBody>): Promise<ResolutionActionDto> {
  const userId = actor.userId;
  if (!userId) throw new AppError('FORBIDDEN', { message: 'A resolution action is asked for by a person.' });
  if (!isPositive(body.amount)) throw new AppError('VALIDATION_FAILED', { message: 'The amount must be above zero.', details: { fields: ['amount'] } });
  const ticketId = await requireTicketId(deps.db, actor, ref);
  const now = deps.clock.now();
  const id = await deps.db.transaction(async (tx) => {
    const ticket = await lockTicketByRef(tx, actor, ticketId);
    // Read in the transaction, after the ticket is locked, not before it.
    const situation = await ticketSituation(tx, actor.workspaceId, ticketId);
    const closed = isClosedForActions(ticket);
    if (closed) throw new AppError('RESOLUTION_NOT_ALLOWED', { message: closed, details: { ticketId } });
    if (!situation.allowedActions.includes(body.action)) {
      throw new AppError('RESOLUTION_NOT_ALLOWED', {
        message: `The playbooks started on this ticket allow ${situation.allowedActions.map((action) => actionWords[action]).join(', ') || 'no resolution action'}, not ${actionWords[body.action]}.`,
        details: { action: body.action, allowedActions: situation.allowedActions },
      });
    }
    await lockRequesterLimits(tx, actor.workspaceId, userId);
    const limit = await findLimitRow(tx, actor.workspaceId, actor.role, body.action, body.currency);
    const timeZone = await workspaceTimeZone(tx, actor.workspaceId);
    const use = limit ? await usedInPeriod(tx, actor.workspaceId, userId, timeZone, limit, now) : null;
    const decision = decideWithinLimit({
      amount: body.amount,
      limit: limit ? { perAction: limit.perAction, perPeriod: limit.perPeriod } : null,
      unlimited: actor.role === 'admin',
      usedInPeriod: use?.used ?? '0',
    });
    const row = await insertActionRow(tx, {
      workspaceId: actor.workspaceId,
      ticketId: ticket.id,
      customerId: ticket.customerId,
      action: body.action,
      amount: formatMoney(body.amount),
      currency: body.currency,
      reason: body.reason,
      status: decision.withinLimit ? 'approved' : 'pending',
      approval: decision.withinLimit ? 'within_limit' : null,
      approvalReason: decision.withinLimit ? null : decision.reason,
      requestedById: userId,
      decidedAt: decision.withinLimit ? now : null,
      suggestion: body.suggestion ? { ...body.suggestion } : null,
      createdAt: now,
      updatedAt: now,
    });
    const approvalReason = decision.withinLimit ? null : decision.reason;
    await recordAudit(tx, actor, {
      action: decision.withinLimit ? 'resolution_action.approved' : 'resolution_action.requested',
      subjectType: 'ticket',
      subjectId: ticket.id,
      data: {
        resolutionActionId: row.id,
        action: row.action,
        amount: formatMoney(row.amount),
        currency: row.currency,
        reason: row.reason,
        approval: row.approval,
        approvalReason,
        limit: limit ? { perAction: formatMoney(limit.perAction), perPeriod: limit.perPeriod === null ? null : formatMoney(limit.perPeriod), period: limit.period, usedInPeriod: use?.used ?? '0.00' } : null,
        suggested: body.suggestion !== null,
      },
    });
    const view = await requireView(tx, actor.workspaceId, row.id);
    await publishEvent(tx, actor, decision.withinLimit ? { topic: resolutionTopics.approved, payload: { ...approvedEventData(view) } } : { topic: resolutionTopics.requested, payload: eventData(view) });
    await tellTicketPages(tx, actor, view, now);
    return row.id;
  });
  return toResolutionDto(await requireView(deps.db, actor.workspaceId, id));
}

/** Who may approve an amount: the roles with resolution.approve whose own per-action limit covers it (admins without a row: any amount). */
async function whoCanApprove(db: DbOrTx, workspaceId: string, row: ResolutionActionRow, exclude: readonly (string | null)[]): Promise<string[]> {
  const limits = await limitRowsFor(db, workspaceId, row.action, row.currency);
  const able = roles.filter((role) => {
    if (!roleHas(role, 'resolution.approve')) return false;
    const own = limits.find((limit) => limit.role === role);
    return own ? fitsWithin(row.amount, own.perAction) : role === 'admin';
  });
  const people = await activeMembersWithRoles(db, workspaceId, able);
  return people.filter((person) => !exclude.includes(person.id)).map((person) => `${person.name} (${person.role})`);
}

export async function decideResolutionAction(deps: AppDeps, actor: Actor, id: string, body: z.output<typeof DecideResolutionBody>): Promise<ResolutionActionDto> {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const row = await findActionRow(tx, actor.workspaceId, id);
    if (!row) throw notFound(id);
    if (row.status !== 'pending') throw new AppError('RESOLUTION_DECIDED', { message: `This request was already ${row.status}.`, details: { id, status: row.status } });
    if (row.requestedById && row.requestedById === actor.userId) {
      throw new AppError('RESOLUTION_SELF_APPROVAL', { message: 'You cannot decide your own request; another lead or an admin decides it.', details: { id } });
    }
    const approve = body.decision === 'approve';
    if (approve) {
      const own = await findLimitRow(tx, actor.workspaceId, actor.role, row.action, row.currency);
      const covered = own ? fitsWithin(row.amount, own.perAction) : actor.role === 'admin';
      if (!covered) {
        const able = await whoCanApprove(tx, actor.workspaceId, row, [actor.userId, row.requestedById]);
        const yours = own ? `your limit of ${formatMoney(own.perAction)} ${row.currency}` : `your limit (you have none for ${actionWords[row.action]} in ${row.currency})`;
        throw new AppError('RESOLUTION_APPROVER_LIMIT', {
          message: `${formatMoney(row.amount)} ${row.currency} is above ${yours}. ${able.length > 0 ? `Ask ${able.join(', ')}.` : 'Nobody has a limit that high: an admin can raise the limits.'}`,
          details: { id, amount: formatMoney(row.amount), currency: row.currency, yourLimit: own ? formatMoney(own.perAction) : null, canApprove: able },
        });
      }
    }
    const decided = await decidePendingAction(tx, actor.workspaceId, id, {
      status: approve ? 'approved' : 'rejected',
      approval: approve ? 'approver' : null,
      approverId: actor.userId,
      decisionNote: body.note === '' ? null : body.note,
      decidedAt: now,
      updatedAt: now,
    });
    // A concurrent decision got there first (it held the row until it committed).
    if (!decided) throw new AppError('RESOLUTION_DECIDED', { message: 'This request was decided meanwhile.', details: { id } });
    const view = await requireView(tx, actor.workspaceId, id);
    await recordAudit(tx, actor, {
      action: approve ? 'resolution_action.approved' : 'resolution_action.rejected',
      subjectType: 'ticket',
      subjectId: row.ticketId,
      data: { resolutionActionId: id, action: row.action, amount: formatMoney(row.amount), currency: row.currency, requestedById: row.requestedById, note: body.note, before: { status: 'pending' }, after: { status: decided.status } },
    });
    if (approve) {
      const requester = row.requestedById ? await memberOf(tx, actor.workspaceId, row.requestedById) : null;
      const limit = requester ? await findLimitRow(tx, actor.workspaceId, requester.role, row.action, row.currency) : null;
      await recordDecisionOverride(
        tx,
        actor,
        {
          ticketId: row.ticketId,
          kind: 'limit',
          subject: id,
          reason: body.note || row.reason,
          before: {
            requesterRole: requester?.role ?? null,
            approvalReason: view.approvalReason,
            limit: limit ? { perAction: formatMoney(limit.perAction), perPeriod: limit.perPeriod === null ? null : formatMoney(limit.perPeriod), period: limit.period } : null,
          },
          after: { approvedAmount: formatMoney(row.amount), currency: row.currency, action: row.action },
        },
        now,
      );
      await publishEvent(tx, actor, { topic: resolutionTopics.approved, payload: { ...approvedEventData(view) } });
    } else {
      await publishEvent(tx, actor, { topic: resolutionTopics.rejected, payload: eventData(view) });
    }
    await tellTicketPages(tx, actor, view, now);
  });
  return toResolutionDto(await requireView(deps.db, actor.workspaceId, id));
}

/** The requester withdraws their own request while it is pending. */
export async function cancelResolutionAction(deps: AppDeps, actor: Actor, id: string): Promise<ResolutionActionDto> {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const row = await findActionRow(tx, actor.workspaceId, id);
    if (!row) throw notFound(id);
    if (!actor.userId || row.requestedById !== actor.userId) throw new AppError('FORBIDDEN', { message: 'Only the person who asked can cancel a request.', details: { id } });
    if (row.status !== 'pending') throw new AppError('RESOLUTION_DECIDED', { message: `This request was already ${row.status}.`, details: { id, status: row.status } });
    const cancelled = await decidePendingAction(tx, actor.workspaceId, id, { status: 'cancelled', approval: null, approverId: null, decisionNote: null, decidedAt: now, updatedAt: now });
    if (!cancelled) throw new AppError('RESOLUTION_DECIDED', { message: 'This request was decided meanwhile.', details: { id } });
    const view = await requireView(tx, actor.workspaceId, id);
    await recordAudit(tx, actor, {
      action: 'resolution_action.cancelled',
      subjectType: 'ticket',
      subjectId: row.ticketId,
      data: { resolutionActionId: id, action: row.action, amount: formatMoney(row.amount), currency: row.currency, before: { status: 'pending' }, after: { status: 'cancelled' } },
    });
    await publishEvent(tx, actor, { topic: resolutionTopics.cancelled, payload: eventData(view) });
    await tellTicketPages(tx, actor, view, now);
  });
  return toResolutionDto(await requireView(deps.db, actor.workspaceId, id));
}

// ---- Notifications (resolutions-listeners.ts) ---------------------------------------------------

export const approvalRequestedKind = 'approval_requested';
export const approvalDecidedKind = 'approval_decided';

/** The roles that may decide requests. */
export const approverRoles: readonly Role[] = roles.filter((role) => roleHas(role, 'resolution.approve'));

// ---- Demo ---------------------------------------------------------------------------------------

/** The demo workspace's discretion limits (EUR): agents small amounts a month, leads 500 an action and 3000 a month. */
const demoAgentLimits: [ResolutionAction, string, string][] = [
  ['refund', '50.00', '200.00'],
  ['store_credit', '75.00', '300.00'],
  ['replacement', '80.00', '300.00'],
  ['discount', '30.00', '150.00'],
  ['free_shipping', '15.00', '100.00'],
];

/**
 * Seeds the demo's limits and one pending request from the demo agent on an open ticket, so the
 * approvals list has something to decide. New workspaces get no limits: admins set them.
 */
export async function seedDemoResolutions(tx: DbOrTx, workspaceId: string, agentId: string | null, now: Date): Promise<void> {
  await replaceLimitRows(tx, workspaceId, [
    ...demoAgentLimits.map(([action, perAction, perPeriod]) => ({ workspaceId, role: 'agent' as const, action, currency: 'EUR', perAction, perPeriod, period: 'month' as const, createdAt: now, updatedAt: now })),
    ...allActions.map((action) => ({ workspaceId, role: 'lead' as const, action, currency: 'EUR', perAction: '500.00', perPeriod: '3000.00', period: 'month' as const, createdAt: now, updatedAt: now })),
  ]);
  const refundLimit = demoAgentLimits[0]!; // ['refund', per action, per month]
  const ticket = agentId ? await firstOpenTicket(tx, workspaceId) : null;
  if (!ticket || !agentId) return;
  const requestedAt = new Date(now.getTime() - 20 * 60_000);
  const row = await insertActionRow(tx, {
    workspaceId,
    ticketId: ticket.id,
    customerId: ticket.customerId,
    action: 'refund',
    amount: '120.00',
    currency: 'EUR',
    reason: 'The parcel arrived damaged and the customer needs the money back before the weekend.',
    status: 'pending',
    approval: null,
    approvalReason: 'above_per_action',
    requestedById: agentId,
    createdAt: requestedAt,
    updatedAt: requestedAt,
  });
  const actor: Actor = { workspaceId, userId: agentId, role: 'agent', via: 'session' };
  await recordAudit(tx, actor, {
    action: 'resolution_action.requested',
    subjectType: 'ticket',
    subjectId: ticket.id,
    data: {
      resolutionActionId: row.id,
      action: row.action,
      amount: formatMoney(row.amount),
      currency: row.currency,
      reason: row.reason,
      approval: null,
      // 120 is above the agent's 50 a refund.
      approvalReason: 'above_per_action',
      limit: { perAction: refundLimit[1], perPeriod: refundLimit[2], period: 'month', usedInPeriod: '0.00' },
      suggested: false,
    },
  });
}
