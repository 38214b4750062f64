/**
 * Waiting on the customer (issue 7 part 5, P10). A ticket set pending gets a wait (ticket_waits):
 * when it went pending, when the customer is reminded (N business days later) and when it is
 * solved automatically with a notice (M business days later); see waiting-rules.ts for what a
 * business day is. `syncTicketWaits` runs inside every transaction that changes a ticket
 * (tickets/ticket-changes.ts calls it), so a wait exists exactly while its ticket is pending; a
 * customer's reply reopens the ticket (tickets/inbound-message.ts) and so removes the wait. The
 * monitor (waiting-monitor.ts) runs `runWaitingMonitorPass`. A person may override the automatic
 * close of one ticket (postpone it, or never close) with a reason kept in the audit log.
 *
 * Settings changes apply to waits that start after them; existing waits keep their times.
 */
import { randomUUID } from 'node:crypto';
import type { DbOrTx, Tx } from '@rapport/db/database';
import type { BusinessCalendar } from '@rapport/business-time/business-time';
import type { EmailMeta } from '@rapport/contracts/tickets';
import type { ServiceSettingsDto, TicketWaitingDto, UpdateServiceSettingsBody, WaitingOverrideBody } from '@rapport/contracts/waiting';
import { systemActor, type Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { notifyRealtime, publishEvent, recordAudit } from '../../platform/events.ts';
import { loadBusinessCalendar } from '../business-hours/business-hours.ts';
import { loadEmailSettings } from '../email/email-settings.ts';
import { automaticEmailRow, loopGuardDecision, loopGuardWindowMs, normaliseRecipient } from '../email/loop-guard.ts';
import { textToHtml } from '../email/outbound-message.ts';
import { planReplyEmail } from '../email/queue-reply-email.ts';
import { lockTicketByRef } from '../tickets/get-ticket.ts';
import { recordDecisionOverride } from '../overrides/overrides.ts';
import { lockAndCountAutomaticEmails, writeAutomaticTicketEmail } from '../email/automatic-email.ts';
import { changeTicket } from '../tickets/update-ticket.ts';
import { closingNoticeText, noticeLanguage, reminderText } from './waiting-emails.ts';
import { defaultWaitSettings, dueStep, overriddenCloseAt, settingsProblem, waitTimes, type WaitSettings } from './waiting-rules.ts';
import {
  claimDueWaits,
  deleteWait,
  dropStaleWaitsAndFindNew,
  findServiceSettings,
  findWait,
  insertWaits,
  setWaitTimes,
  upsertServiceSettings,
  type DueWait,
  type ServiceSettingsRow,
  type TicketWaitRow,
} from './waiting.queries.ts';

export const waitingTopics = {
  reminderSent: 'ticket.pending_reminder_sent',
  autoClosed: 'ticket.auto_closed',
  overridden: 'ticket.waiting_overridden',
} as const;

// ---- The sync (inside every ticket change) ---------------------------------------------------

/**
 * Brings the waits of these tickets up to date with their status, inside the caller's transaction
 * (after it wrote the tickets): a pending ticket gets a wait starting `at` unless it has one (kept
 * as it is, with any override), any other ticket loses its wait. One statement when nothing goes pending.
 */
export async function syncTicketWaits(tx: DbOrTx, workspaceId: string, ticketIds: readonly string[], at: Date): Promise<void> {
  if (ticketIds.length === 0) return;
  const { newlyPending, settings } = await dropStaleWaitsAndFindNew(tx, workspaceId, [...new Set(ticketIds)]);
  if (newlyPending.length === 0) return;
  const needsCalendar = settings.pendingReminderDays !== null || settings.pendingCloseDays !== null;
  const calendar: BusinessCalendar = needsCalendar ? await loadBusinessCalendar(tx, workspaceId) : { timeZone: 'UTC', weekly: [], holidays: [] };
  const times = waitTimes(calendar, settings, at);
  await insertWaits(
    tx,
    workspaceId,
    newlyPending.map((ticketId) => ({ ticketId, ...(needsCalendar ? times : { pendingSince: at, remindAt: null, closeAt: null }) })),
    at,
  );
}

// ---- Settings -----------------------------------------------------------------------------

function settingsOf(row: ServiceSettingsRow | null): WaitSettings {
  return row ? { pendingReminderDays: row.pendingReminderDays, pendingCloseDays: row.pendingCloseDays } : defaultWaitSettings;
}

function settingsDto(row: ServiceSettingsRow | null): ServiceSettingsDto {
  return { ...settingsOf(row), updatedAt: row?.updatedAt.toISOString() ?? null };
}

export async function getServiceSettings(deps: AppDeps, actor: Actor): Promise<ServiceSettingsDto> {
  return settingsDto(await findServiceSettings(deps.db, actor.workspaceId));
}

export async function updateServiceSettings(deps: AppDeps, actor: Actor, body: UpdateServiceSettingsBody): Promise<ServiceSettingsDto> {
  return deps.db.transaction(async (tx) => {
    const beforeRow = await findServiceSettings(tx, actor.workspaceId);
    const before = settingsOf(beforeRow);
    const after: WaitSettings = {
      pendingReminderDays: body.pendingReminderDays === undefined ? before.pendingReminderDays : body.pendingReminderDays,
      pendingCloseDays: body.pendingCloseDays === undefined ? before.pendingCloseDays : body.pendingCloseDays,
    };
    const problem = settingsProblem(after);
    if (problem) throw new AppError('VALIDATION_FAILED', { message: problem, details: { fields: ['pendingReminderDays', 'pendingCloseDays'] } });
    const row = await upsertServiceSettings(tx, actor.workspaceId, after, deps.clock.now());
    await recordAudit(tx, actor, { action: 'service_settings.updated', subjectType: 'service_settings', subjectId: null, data: { before, after } });
    return settingsDto(row);
  });
}

// ---- A ticket's wait ------------------------------------------------------------------------

function waitingDto(row: TicketWaitRow | null): TicketWaitingDto {
  return {
    waiting: row !== null,
    pendingSince: row?.pendingSince.toISOString() ?? null,
    remindAt: row?.remindAt?.toISOString() ?? null,
    remindedAt: row?.remindedAt?.toISOString() ?? null,
    closeAt: row?.closeAt?.toISOString() ?? null,
  };
}

export async function ticketWaiting(deps: AppDeps, actor: Actor, ticketId: string): Promise<TicketWaitingDto> {
  return waitingDto(await findWait(deps.db, actor.workspaceId, ticketId));
}

/** A person overrides the automatic close of one waiting ticket: postpone it or never close; the reason goes to the audit log. */
export async function overrideTicketWaiting(deps: AppDeps, actor: Actor, ref: string, body: WaitingOverrideBody): Promise<TicketWaitingDto> {
  return deps.db.transaction(async (tx) => {
    const ticket = await lockTicketByRef(tx, actor, ref);
    const wait = await findWait(tx, actor.workspaceId, ticket.id);
    if (!wait) {
      throw new AppError('VALIDATION_FAILED', { message: 'This ticket is not waiting on the customer (it is not pending).', details: { fields: ['action'] } });
    }
    const now = deps.clock.now();
    const settings = settingsOf(await findServiceSettings(tx, actor.workspaceId));
    const calendar = body.action === 'postpone' ? await loadBusinessCalendar(tx, actor.workspaceId) : null;
    const closeAt = calendar ? overriddenCloseAt(calendar, settings, body.action, now) : null;
    const row = (await setWaitTimes(tx, actor.workspaceId, ticket.id, { closeAt }, now))!;
    const data = { override: body.action, reason: body.reason, closeAt: { from: wait.closeAt?.toISOString() ?? null, to: closeAt?.toISOString() ?? null } };
    // The override row and its audit entry (override.auto_close), as every override of an automatic decision.
    await recordDecisionOverride(
      tx,
      actor,
      { ticketId: ticket.id, kind: 'auto_close', subject: body.action, reason: body.reason, before: { closeAt: data.closeAt.from }, after: { action: body.action, closeAt: data.closeAt.to } },
      now,
    );
    await publishEvent(tx, actor, { topic: waitingTopics.overridden, payload: { ticketId: ticket.id, ticketNumber: ticket.number, ...data } });
    await notifyRealtime(tx, {
      type: 'ticket.updated',
      workspaceId: actor.workspaceId,
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      actorId: actor.userId,
      at: now.toISOString(),
    });
    return waitingDto(row);
  });
}

// ---- The monitor's pass ---------------------------------------------------------------------

type EmailOutcome = { queued: true; messageId: string; outboundEmailId: string; to: string } | { queued: false; reason: string };

/**
 * Queues an automatic email on the ticket's thread (a ticket message by 'system' so agents see
 * it, its outbox row and the loop guard's row), unless the ticket is not emailed, has no
 * recipient or the loop guard's daily limit for the address is reached.
 */
async function queueWaitEmail(tx: Tx, deps: AppDeps, due: DueWait, now: Date, textFor: (customerName: string) => string): Promise<EmailOutcome> {
  const planned = await planReplyEmail(tx, deps, {
    workspaceId: due.workspaceId,
    ticket: { id: due.ticketId, number: due.ticketNumber, subject: due.subject, channel: due.channel, customerId: due.customerId },
    authorUserId: null,
    now,
  });
  if (!planned.plan) return { queued: false, reason: planned.skipped };
  const plan = planned.plan;
  const address = normaliseRecipient(plan.to.address);
  const emailSettings = await loadEmailSettings(tx, due.workspaceId);
  const sent = await lockAndCountAutomaticEmails(tx, due.workspaceId, address, new Date(now.getTime() - loopGuardWindowMs));
  if (!loopGuardDecision(sent, emailSettings.autoMessageDailyLimit).allowed) return { queued: false, reason: 'loop_guard' };
  const text = textFor(plan.to.name);
  const messageId = randomUUID();
  const meta: EmailMeta = { ...plan.meta, autoSubmitted: 'auto-generated' };
  const outboundEmailId = await writeAutomaticTicketEmail(tx, {
    message: {
      id: messageId,
      workspaceId: due.workspaceId,
      ticketId: due.ticketId,
      direction: 'outbound',
      channel: 'email',
      authorType: 'system',
      text,
      externalId: plan.rfcMessageId,
      emailMeta: meta,
      deliveryStatus: 'queued',
      createdAt: now,
    },
    outbound: {
      workspaceId: due.workspaceId,
      kind: 'notification',
      ticketId: due.ticketId,
      messageId,
      rfcMessageId: plan.rfcMessageId,
      fromAddress: plan.fromAddress,
      fromName: plan.fromName,
      replyTo: plan.replyTo,
      toAddresses: [address],
      subject: plan.subject,
      inReplyTo: plan.inReplyTo,
      references: plan.references,
      text,
      html: textToHtml(text),
      status: 'queued',
      nextAttemptAt: now,
      createdAt: now,
    },
    automatic: automaticEmailRow({ workspaceId: due.workspaceId, address, ticketId: due.ticketId, kind: 'notification', now }),
  });
  return { queued: true, messageId, outboundEmailId, to: address };
}

const emailData = (email: EmailOutcome) =>
  email.queued ? { emailed: true, messageId: email.messageId, outboundEmailId: email.outboundEmailId, to: email.to } : { emailed: false, skipped: email.reason };

async function sendReminder(tx: Tx, deps: AppDeps, due: DueWait, now: Date): Promise<void> {
  const calendar = await loadBusinessCalendar(tx, due.workspaceId);
  const language = noticeLanguage(due.language);
  const email = await queueWaitEmail(tx, deps, due, now, (customerName) =>
    reminderText({ language, customerName, ticketNumber: due.ticketNumber, closeAt: due.closeAt, timeZone: calendar.timeZone }),
  );
  await setWaitTimes(tx, due.workspaceId, due.ticketId, { remindedAt: now }, now);
  const actor = systemActor(due.workspaceId);
  const data = { pendingSince: due.pendingSince.toISOString(), remindAt: due.remindAt?.toISOString() ?? null, closeAt: due.closeAt?.toISOString() ?? null, ...emailData(email) };
  await recordAudit(tx, actor, { action: 'ticket.pending_reminder_sent', subjectType: 'ticket', subjectId: due.ticketId, data });
  await publishEvent(tx, actor, { topic: waitingTopics.reminderSent, payload: { ticketId: due.ticketId, ticketNumber: due.ticketNumber, ...data } });
  await notifyRealtime(tx, {
    type: email.queued ? 'message.created' : 'ticket.updated',
    workspaceId: due.workspaceId,
    ticketId: due.ticketId,
    ticketNumber: due.ticketNumber,
    actorId: null,
    at: now.toISOString(),
  });
}

async function closeWaitingTicket(tx: Tx, deps: AppDeps, due: DueWait, now: Date): Promise<void> {
  const language = noticeLanguage(due.language);
  const email = await queueWaitEmail(tx, deps, due, now, (customerName) => closingNoticeText({ language, customerName, ticketNumber: due.ticketNumber }));
  const actor = systemActor(due.workspaceId);
  // The tickets module's own status change (audit, events, SLA clocks, and this wait removed by the sync), in this transaction.
  await changeTicket(tx, actor, due.ticketId, { status: 'solved', outcome: 'solved' }, now);
  const data = { reason: 'no_customer_reply', pendingSince: due.pendingSince.toISOString(), closeAt: due.closeAt?.toISOString() ?? null, status: 'solved', ...emailData(email) };
  await recordAudit(tx, actor, { action: 'ticket.auto_closed', subjectType: 'ticket', subjectId: due.ticketId, data });
  await publishEvent(tx, actor, { topic: waitingTopics.autoClosed, payload: { ticketId: due.ticketId, ticketNumber: due.ticketNumber, ...data } });
}

const batchSize = 50;
const retryLaterMs = 60 * 60 * 1000;

/**
 * One pass: claims due waits in batches and, for each, sends the reminder or solves the ticket
 * with its notice, each in a savepoint. A step that fails is logged and tried again an hour later
 * (it never blocks the others). Returns how many steps it took.
 */
export async function runWaitingMonitorPass(deps: AppDeps): Promise<number> {
  let total = 0;
  for (;;) {
    const now = deps.clock.now();
    const count = await deps.db.transaction(async (tx) => {
      const claimed = await claimDueWaits(tx, now, batchSize);
      let done = 0;
      for (const due of claimed) {
        const step = due.ticketStatus === 'pending' ? dueStep(due, now) : null;
        if (due.ticketStatus !== 'pending') {
          await deleteWait(tx, due.workspaceId, due.ticketId);
          continue;
        }
        if (!step) continue;
        try {
          await tx.transaction(async (savepoint) => {
            if (step === 'close') await closeWaitingTicket(savepoint, deps, due, now);
            else await sendReminder(savepoint, deps, due, now);
          });
          done += 1;
        } catch (error) {
          deps.logger.error({ err: error, workspaceId: due.workspaceId, ticketId: due.ticketId, step }, 'waiting on the customer: step failed, retrying in an hour');
          const later = new Date(now.getTime() + retryLaterMs);
          await setWaitTimes(tx, due.workspaceId, due.ticketId, step === 'close' ? { closeAt: later } : { remindAt: later }, now);
        }
      }
      return { claimed: claimed.length, done };
    });
    total += count.done;
    if (count.claimed < batchSize) return total;
  }
}
