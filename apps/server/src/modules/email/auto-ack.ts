/**
 * Auto-acknowledgement (P26): on a new ticket from email, one message with the ticket number and
 * the expected first-reply time from the live queue (first-reply-estimate.ts). Queued in the
 * inbound processor's transaction, as a ticket message (author system, outbound, with delivery
 * status) so the agent sees what the customer was told, plus its outbox row.
 *
 * Never sent: to auto-replies (Auto-Submitted), bounces, mailing lists, the workspace's own
 * addresses or no-reply/daemon addresses; twice to one sender within 24 h for the same thread (the
 * same ticket, a ticket of the same normalised subject, or one whose Message-IDs the email
 * references); beyond the loop guard's daily limit per address. To an unverified sender it
 * echoes none of their content: no subject, no name, no quote (so it cannot relay spam).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { EmailMeta } from '@rapport/contracts/tickets';
import type { DbOrTx, Tx } from '@rapport/db/database';
import { makeMessageId, makeReplyToken, replyAddress, splitPlusAddress } from '@rapport/email/reply-token';
import { systemActor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import type { RealtimeEvent } from '@rapport/contracts/realtime';
import { notifyRealtime, realtimeChannel, recordAudit } from '../../platform/events.ts';
import { businessTimeBetween, type BusinessCalendar } from '@rapport/business-time/business-time';
import { loadBusinessCalendar } from '../business-hours/business-hours.ts';
import { loadEmailSettings, type EmailSettings } from './email-settings.ts';
import { estimateLanguage, firstReplyEstimate, median, type QueueFigures } from './first-reply-estimate.ts';
import { automaticEmailRow, loopGuardDecision, loopGuardWindowMs, normaliseRecipient } from './loop-guard.ts';
import { baseSubject, headerText, renderAutoAck, textToHtml } from './outbound-message.ts';
import {
  autoAckBatchContext,
  autoAckContext,
  automaticEmailHistories,
  automaticEmailHistory,
  countActiveAgents,
  countTicketsAhead,
  insertAutoAckBatchRows,
  insertAutomaticEmailRows,
  listRecentFirstReplies,
  ticketsHoldingMessageIds,
} from './outbound.queries.ts';
import { capReferences } from './queue-reply-email.ts';

export interface AutoAckInput {
  workspaceId: string;
  ticketId: string;
  ticketNumber: number;
  subject: string;
  to: { address: string; name: string };
  inboundMessageId: string | null;
  references: string[];
  autoSubmitted: string | null;
  isBounce: boolean;
  listId: string | null;
  senderVerified: boolean;
  now: Date;
  /** The workspace's settings when the caller has just read them (saves a read); else loaded here. */
  settings?: EmailSettings;
}

export type AutoAckSkipReason =
  | 'auto_submitted'
  | 'bounce'
  | 'mailing_list'
  | 'no_recipient'
  | 'no_reply_address'
  | 'own_address'
  | 'disabled'
  | 'no_workspace_address'
  | 'loop_guard'
  | 'already_acknowledged';

export interface AutoAckResult {
  queued: boolean;
  reason: AutoAckSkipReason | null;
}

const noReplyLocalPart = /^(no-?reply|do-?not-?reply|mailer-daemon|postmaster|bounces?|auto-?reply|daemon|listserv|majordomo)([+._-].*)?$/i;
const plausibleAddress = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;

// --- The live-queue figures. The 7-day history part is cached per workspace for 30 s (real time):
// it is the heavier read, and a new ticket per message must stay cheap during an ingest burst.

const historyTtlMs = 30_000;
const historyDays = 7;
const hourMs = 3_600_000;
// Keyed by workspace; the calendar's content is part of the entry, so new business hours count at once.
const historyCache = new Map<string, { at: number; calendarKey: string; value: Omit<QueueFigures, 'ticketsAhead'> }>();

const calendarKey = (calendar: BusinessCalendar) => JSON.stringify([calendar.timeZone, calendar.weekly, calendar.holidays]);

async function historyFigures(db: DbOrTx, workspaceId: string, now: Date, calendar: BusinessCalendar): Promise<Omit<QueueFigures, 'ticketsAhead'>> {
  const key = calendarKey(calendar);
  const cached = historyCache.get(workspaceId);
  if (cached && cached.calendarKey === key && performance.now() - cached.at < historyTtlMs) return cached.value;
  const since = new Date(now.getTime() - historyDays * 24 * hourMs);
  const [agentsAvailable, replies] = await Promise.all([countActiveAgents(db, workspaceId), listRecentFirstReplies(db, workspaceId, since)]);
  const businessHoursBetween = (from: Date, to: Date) => businessTimeBetween(calendar, from, to) / hourMs;
  const value = {
    agentsAvailable,
    recentFirstReplies: replies.length,
    recentBusinessHours: businessHoursBetween(since, now),
    medianFirstReplyHours: median(replies.map((row) => businessHoursBetween(row.createdAt, row.firstReplyAt))),
  };
  historyCache.set(workspaceId, { at: performance.now(), calendarKey: key, value });
  if (historyCache.size > 10_000) historyCache.delete(historyCache.keys().next().value!);
  return value;
}

// The queue length is counted for real at most every 5 s per workspace; in between, each new
// ticket counts the previous ones as ahead of it (replies in those seconds are not subtracted).
const aheadTtlMs = 5_000;
const aheadCache = new Map<string, { at: number; count: number }>();

async function ticketsAheadOf(db: DbOrTx, workspaceId: string, now: Date, ticketId: string): Promise<number> {
  const cached = aheadCache.get(workspaceId);
  if (cached && performance.now() - cached.at < aheadTtlMs) {
    cached.count += 1;
    return cached.count;
  }
  const count = await countTicketsAhead(db, workspaceId, now, ticketId);
  aheadCache.set(workspaceId, { at: performance.now(), count });
  if (aheadCache.size > 10_000) aheadCache.delete(aheadCache.keys().next().value!);
  return count;
}

/** Forgets cached queue figures (tests that build history, settings changes). */
export function clearEstimateCache(workspaceId?: string): void {
  if (workspaceId) {
    historyCache.delete(workspaceId);
    aheadCache.delete(workspaceId);
  } else {
    historyCache.clear();
    aheadCache.clear();
  }
}

/**
 * The first-reply estimate for a ticket created at `now`, from the live queue, counted in the
 * workspace's business calendar (loaded here unless the caller has it).
 */
export async function estimateFirstReply(
  db: DbOrTx,
  input: { workspaceId: string; ticketId: string; now: Date; language: string | null; calendar?: BusinessCalendar },
): Promise<{ figures: QueueFigures; hours: number | null; due: Date | null; text: string; timeZone: string }> {
  // Sequential: a transaction handle runs one statement at a time.
  const calendar = input.calendar ?? (await loadBusinessCalendar(db, input.workspaceId));
  const ticketsAhead = await ticketsAheadOf(db, input.workspaceId, input.now, input.ticketId);
  const history = await historyFigures(db, input.workspaceId, input.now, calendar);
  const figures: QueueFigures = { ticketsAhead, ...history };
  const estimate = firstReplyEstimate({ figures, now: input.now, calendar, language: estimateLanguage(input.language) });
  return { figures, ...estimate, timeZone: calendar.timeZone };
}

function skip(deps: AppDeps, input: AutoAckInput, reason: AutoAckSkipReason, detail: Record<string, unknown> = {}): AutoAckResult {
  deps.logger.info({ workspaceId: input.workspaceId, ticketId: input.ticketId, reason, ...detail }, 'auto-acknowledgement not sent');
  return { queued: false, reason };
}

/** The reasons to skip that need no database read (the settings given or none). */
function skipReasonWithoutQueries(input: AutoAckInput, settings: EmailSettings | undefined): { reason: AutoAckSkipReason; detail: Record<string, unknown> } | null {
  if (input.autoSubmitted && input.autoSubmitted.trim().toLowerCase() !== 'no') return { reason: 'auto_submitted', detail: { autoSubmitted: input.autoSubmitted } };
  if (input.isBounce) return { reason: 'bounce', detail: {} };
  if (input.listId) return { reason: 'mailing_list', detail: { listId: input.listId } };
  const address = normaliseRecipient(input.to.address);
  if (!plausibleAddress.test(address)) return { reason: 'no_recipient', detail: {} };
  const localPart = address.slice(0, address.lastIndexOf('@'));
  if (noReplyLocalPart.test(localPart)) return { reason: 'no_reply_address', detail: {} };
  if (settings && !settings.autoAckEnabled) return { reason: 'disabled', detail: {} };
  return null;
}

/**
 * The result of `queueAutoAcknowledgement` when it would skip before any database read (auto-reply,
 * bounce, list, no recipient, no-reply address, disabled in the given settings), else null. Lets
 * the caller avoid opening a savepoint for nothing.
 */
export function autoAckSkippedEarly(deps: AppDeps, input: AutoAckInput): AutoAckResult | null {
  const early = skipReasonWithoutQueries(input, input.settings);
  return early ? skip(deps, input, early.reason, early.detail) : null;
}

type FirstReplyEstimate = Awaited<ReturnType<typeof estimateFirstReply>>;

/** The acknowledgement's rows (ids chosen here) once the checks passed and the estimate is known. */
function buildAutoAck(
  input: AutoAckInput,
  settings: EmailSettings,
  from: { address: string; displayName: string },
  ticket: { customerName: string; language: string | null } | null,
  address: string,
  estimate: FirstReplyEstimate,
) {
  const verified = input.senderVerified;
  const content = renderAutoAck({
    language: estimateLanguage(ticket?.language),
    verified,
    values: { ticketNumber: input.ticketNumber, estimate: estimate.text, customerName: input.to.name || ticket?.customerName || '', subject: input.subject },
    customSubject: settings.autoAckSubject,
    customBody: settings.autoAckBody,
  });

  const token = makeReplyToken(settings.signingSecret, input.ticketNumber);
  const domain = from.address.slice(from.address.lastIndexOf('@') + 1);
  const rfcMessageId = makeMessageId(token, randomBytes(10).toString('hex'), domain);
  const fromName = headerText(from.displayName, 120);
  // An unverified sender's display name is their content too: the address alone.
  const to = { address, name: verified ? headerText(input.to.name, 120) : '' };
  const meta: EmailMeta = {
    from: { address: from.address, name: fromName },
    to: [to],
    cc: [],
    auth: null,
    autoSubmitted: 'auto-replied',
    warnings: [],
  };
  const html = textToHtml(content.text);
  const messageId = randomUUID();
  return {
    messageId,
    verified,
    message: {
      id: messageId,
      workspaceId: input.workspaceId,
      ticketId: input.ticketId,
      direction: 'outbound' as const,
      channel: 'email' as const,
      authorType: 'system' as const,
      text: content.text,
      externalId: rfcMessageId,
      emailMeta: meta,
      deliveryStatus: 'queued' as const,
      // A moment after the customer's message, so the conversation shows the acknowledgement second.
      createdAt: new Date(input.now.getTime() + 1),
    },
    outbound: {
      workspaceId: input.workspaceId,
      kind: 'auto_ack' as const,
      ticketId: input.ticketId,
      messageId,
      rfcMessageId,
      fromAddress: from.address,
      fromName,
      replyTo: replyAddress(from.address, token),
      toAddresses: [address],
      subject: content.subject,
      inReplyTo: input.inboundMessageId,
      references: capReferences([...input.references, ...(input.inboundMessageId ? [input.inboundMessageId] : [])]),
      text: content.text,
      html,
      status: 'queued' as const,
      nextAttemptAt: input.now,
      createdAt: input.now,
    },
    automatic: automaticEmailRow({ workspaceId: input.workspaceId, address, ticketId: input.ticketId, kind: 'auto_ack', now: input.now }),
  };
}

/** The first-reply estimate quoted in an acknowledgement for this ticket, in the workspace's calendar. */
function estimateFor(tx: Tx, workspaceId: string, input: AutoAckInput, ticket: { language: string | null } | null, calendar: BusinessCalendar) {
  return estimateFirstReply(tx, {
    workspaceId,
    ticketId: input.ticketId,
    now: input.now,
    language: ticket?.language ?? null,
    calendar,
  });
}

/** Whether one of the recipient's recent auto-acknowledgements was for the same thread (ticket, subject, or referenced Message-IDs). */
async function alreadyAcknowledged(tx: Tx, input: AutoAckInput, recent: { ticketId: string | null; subject: string | null }[]): Promise<boolean> {
  if (recent.length === 0) return false;
  const subject = baseSubject(input.subject).toLowerCase();
  const sameTicket = recent.some((row) => row.ticketId === input.ticketId);
  const sameSubject = subject.length > 0 && recent.some((row) => row.subject !== null && baseSubject(row.subject).toLowerCase() === subject);
  if (sameTicket || sameSubject) return true;
  const referenced = [...input.references, ...(input.inboundMessageId ? [input.inboundMessageId] : [])];
  const ticketIds = recent.map((row) => row.ticketId).filter((id): id is string => id !== null && id !== input.ticketId);
  return (await ticketsHoldingMessageIds(tx, input.workspaceId, ticketIds, referenced)).length > 0;
}

/** Queues the auto-acknowledgement of a new ticket in the caller's transaction (see the file comment). */
export async function queueAutoAcknowledgement(tx: Tx, deps: AppDeps, input: AutoAckInput): Promise<AutoAckResult> {
  const early = skipReasonWithoutQueries(input, input.settings);
  if (early) return skip(deps, input, early.reason, early.detail);
  const address = normaliseRecipient(input.to.address);

  const settings = input.settings ?? (await loadEmailSettings(tx, input.workspaceId));
  if (!settings.autoAckEnabled) return skip(deps, input, 'disabled');
  // One round trip: the workspace's default address and time zone, the ticket, and the loop
  // guard's lock on the recipient (taken before the loop guard counts, in the next statement).
  const context = await autoAckContext(tx, input.workspaceId, input.ticketId, address);
  const from = context.from;
  if (!from) return skip(deps, input, 'no_workspace_address');
  if (splitPlusAddress(address).base === from.address.toLowerCase()) return skip(deps, input, 'own_address');

  const since = new Date(input.now.getTime() - loopGuardWindowMs);
  const history = await automaticEmailHistory(tx, input.workspaceId, address, since);
  const guard = loopGuardDecision(history.sentInWindow, settings.autoMessageDailyLimit);
  if (!guard.allowed) return skip(deps, input, 'loop_guard', { address, sentInWindow: guard.sentInWindow, limit: guard.limit });

  // Once per sender and thread in 24 h.
  if (await alreadyAcknowledged(tx, input, history.recentAutoAcks)) return skip(deps, input, 'already_acknowledged', { address });

  const ticket = context.ticket;
  const estimate = await estimateFor(tx, input.workspaceId, input, ticket, await loadBusinessCalendar(tx, input.workspaceId));
  const built = buildAutoAck(input, settings, from, ticket, address, estimate);
  // Message, outbox row and loop-guard log row in one statement (ids chosen here).
  const outboundId = await insertAutomaticEmailRows(tx, { message: built.message, outbound: built.outbound, automatic: built.automatic });
  const { messageId, verified } = built;
  const actor = systemActor(input.workspaceId);
  await recordAudit(tx, actor, {
    action: 'email.auto_ack_queued',
    subjectType: 'ticket',
    subjectId: input.ticketId,
    data: {
      messageId,
      outboundEmailId: outboundId,
      to: address,
      verified,
      estimate: estimate.text,
      estimateHours: estimate.hours,
      figures: estimate.figures,
    },
  });
  await notifyRealtime(tx, {
    type: 'message.created',
    workspaceId: input.workspaceId,
    ticketId: input.ticketId,
    ticketNumber: input.ticketNumber,
    actorId: null,
    at: input.now.toISOString(),
  });
  return { queued: true, reason: null };
}

/**
 * The batch variant of `queueAutoAcknowledgement` for new tickets of ONE workspace written in one
 * transaction (the inbound batch path), each input a distinct recipient: the same checks (the
 * early skips, the workspace address, the loop guard's daily limit and once per thread in 24 h,
 * under every recipient's advisory lock) with a few round trips for the whole batch. A failure
 * throws: the caller's whole batch rolls back (and goes one by one).
 */
export async function queueAutoAcknowledgementsBatch(tx: Tx, deps: AppDeps, workspaceId: string, inputs: AutoAckInput[]): Promise<AutoAckResult[]> {
  const results: AutoAckResult[] = [];
  const pending: { input: AutoAckInput; address: string; settings: EmailSettings; index: number }[] = [];
  for (const input of inputs) {
    const early = skipReasonWithoutQueries(input, input.settings);
    if (early) {
      results.push(skip(deps, input, early.reason, early.detail));
      continue;
    }
    const settings = input.settings ?? (await loadEmailSettings(tx, input.workspaceId));
    if (!settings.autoAckEnabled) {
      results.push(skip(deps, input, 'disabled'));
      continue;
    }
    pending.push({ input, address: normaliseRecipient(input.to.address), settings, index: results.length });
    results.push({ queued: true, reason: null });
  }
  if (pending.length === 0) return results;
  const addresses = pending.map((item) => item.address);
  if (new Set(addresses).size !== addresses.length) throw new Error('an auto-acknowledgement batch must not hold a recipient twice');
  const context = await autoAckBatchContext(
    tx,
    workspaceId,
    pending.map((item) => item.input.ticketId),
    addresses,
  );
  const now = pending[0]!.input.now;
  const histories = await automaticEmailHistories(tx, workspaceId, addresses, new Date(now.getTime() - loopGuardWindowMs));
  const rows: Parameters<typeof insertAutoAckBatchRows>[1] = [];
  const actor = systemActor(workspaceId);
  // One read of the calendar for the whole batch (only once some acknowledgement gets this far).
  let calendar: BusinessCalendar | null = null;
  for (const item of pending) {
    const { input, address, settings, index } = item;
    const from = context.from;
    if (!from) {
      results[index] = skip(deps, input, 'no_workspace_address');
      continue;
    }
    if (splitPlusAddress(address).base === from.address.toLowerCase()) {
      results[index] = skip(deps, input, 'own_address');
      continue;
    }
    const history = histories.get(address) ?? { sentInWindow: 0, recentAutoAcks: [] };
    const guard = loopGuardDecision(history.sentInWindow, settings.autoMessageDailyLimit);
    if (!guard.allowed) {
      results[index] = skip(deps, input, 'loop_guard', { address, sentInWindow: guard.sentInWindow, limit: guard.limit });
      continue;
    }
    if (await alreadyAcknowledged(tx, input, history.recentAutoAcks)) {
      results[index] = skip(deps, input, 'already_acknowledged', { address });
      continue;
    }
    const ticket = context.tickets.get(input.ticketId) ?? null;
    calendar ??= await loadBusinessCalendar(tx, workspaceId);
    const estimate = await estimateFor(tx, workspaceId, input, ticket, calendar);
    const built = buildAutoAck(input, settings, from, ticket, address, estimate);
    const outboundId = randomUUID();
    rows.push({
      message: built.message,
      outbound: { ...built.outbound, id: outboundId },
      automatic: built.automatic,
      audit: {
        workspaceId,
        actorType: 'system',
        actorId: actor.userId,
        action: 'email.auto_ack_queued',
        subjectType: 'ticket',
        subjectId: input.ticketId,
        data: {
          messageId: built.messageId,
          outboundEmailId: outboundId,
          to: address,
          verified: built.verified,
          estimate: estimate.text,
          estimateHours: estimate.hours,
          figures: estimate.figures,
        },
        requestId: null,
      },
      realtime: JSON.stringify({
        type: 'message.created',
        workspaceId,
        ticketId: input.ticketId,
        ticketNumber: input.ticketNumber,
        actorId: null,
        at: input.now.toISOString(),
      } satisfies RealtimeEvent),
    });
  }
  await insertAutoAckBatchRows(tx, rows, realtimeChannel);
  return results;
}
