/**
 * Turns one stored receipt (inbound_emails, status 'received') into a ticket message, or
 * quarantines it (unreadable), holds it (hijack protection, DMARC) or ignores it (a duplicate, an
 * unmatched bounce). The receipt is re-checked under a row lock in the writing transaction, so a
 * receipt taken over by a second processor, or acted on by an agent meanwhile, is never handled
 * twice. Agents' overrides (accept / move / release) run through the same function.
 */
import { randomUUID } from 'node:crypto';
import { parseEmail } from '@rapport/email/parse';
import { peekHeader, peekMessageId } from '@rapport/email/peek';
import { splitPlusAddress } from '@rapport/email/reply-token';
import { EmailParseError, type ParsedEmail } from '@rapport/email/types';
import type { ThreadRule } from '@rapport/contracts/tickets';
import type { DbOrTx } from '@rapport/db/database';
import { systemActor, type Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { notifyRealtime, publishEvent, recordAudit } from '../../platform/events.ts';
import {
  appendEmailToTicket,
  createTicketFromEmail,
  DuplicateEmailMessageError,
  ensureEmailCustomer,
  type InboundAttachment,
  type InboundEmailMessage,
} from '../tickets/inbound-message.ts';
import { autoAckSkippedEarly, queueAutoAcknowledgement } from './auto-ack.ts';
import { authenticateEmail } from './email-authentication.ts';
import { loadEmailSettings } from './email-settings.ts';
import { storeAttachments } from './inbound-attachments.ts';
import { handleBounce } from './inbound-bounce.ts';
import {
  addressInHeader,
  emailMetaOf,
  languageOf,
  linkInlineImages,
  relaxedParseLimits,
  ticketSubjectOf,
  unreadableText,
} from './inbound-content.ts';
import { findTicketCandidateById, lockReceipt, lookupSender, selectReceipt, updateReceipt, updateReceiptIfStatus, type ReceiptRow, type ReceiptStatus } from './inbound.queries.ts';
import { decideThread, findThreadCandidates, followMerges, threadRecipients, type AuthVerdicts, type ThreadDecision, type TicketCandidate } from './threading.ts';

export type InboundOverride = { kind: 'accept' } | { kind: 'new_ticket' } | { kind: 'ticket'; ticketId: string } | { kind: 'release' };

export interface ProcessInboundOptions {
  override?: InboundOverride;
  actor?: Actor;
  /** The receipt row as just claimed by the processor (saves reading it again); re-checked under lock when writing. */
  receipt?: ReceiptRow;
  /** The email as the processor just parsed it with the default limits (saves parsing it again); ignored for overrides. */
  parsed?: ParsedEmail;
}

export interface ProcessInboundResult {
  status: 'processed' | 'quarantined' | 'held' | 'ignored';
  ticketId: string | null;
  messageId: string | null;
  reason: string | null;
}

/** Outbox topic of a held message (agents see it in the held list and on the claimed ticket). */
export const inboundTopics = { held: 'email.held' } as const;

const allowedStatuses: Record<InboundOverride['kind'] | 'none', readonly ReceiptStatus[]> = {
  none: ['received', 'quarantined'],
  accept: ['held'],
  new_ticket: ['held', 'quarantined'],
  ticket: ['held', 'quarantined'],
  release: ['quarantined'],
};

const overrideActions: Record<InboundOverride['kind'], string> = {
  accept: 'inbound_email.accepted',
  new_ticket: 'inbound_email.moved_to_new_ticket',
  ticket: 'inbound_email.moved',
  release: 'inbound_email.released',
};

/** The receipt changed state while we worked (another processor, an agent): nothing to do. */
class ReceiptStateChanged extends Error {
  constructor(readonly receipt: ReceiptRow | null) {
    super('the receipt changed state during processing');
  }
}

function resultOf(receipt: ReceiptRow): ProcessInboundResult {
  const status = receipt.status === 'received' || receipt.status === 'deleted' ? 'ignored' : receipt.status;
  return { status, ticketId: receipt.ticketId, messageId: receipt.messageId, reason: receipt.reason };
}

function stateError(receipt: ReceiptRow, override: InboundOverride): AppError {
  return new AppError('INBOUND_EMAIL_STATE', {
    message: `This email is ${receipt.status}; "${override.kind}" applies only to ${allowedStatuses[override.kind].join(' or ')} email.`,
    details: { status: receipt.status },
  });
}

interface Context {
  deps: AppDeps;
  receipt: ReceiptRow;
  actor: Actor;
  override: InboundOverride | undefined;
  expected: readonly ReceiptStatus[];
  raw: Uint8Array;
  now: Date;
}

export async function processInboundEmail(
  deps: AppDeps,
  workspaceId: string,
  inboundEmailId: string,
  options: ProcessInboundOptions = {},
): Promise<ProcessInboundResult> {
  const preloaded = options.receipt?.id === inboundEmailId && options.receipt.workspaceId === workspaceId ? options.receipt : null;
  const receipt = preloaded ?? (await selectReceiptOrThrow(deps, workspaceId, inboundEmailId));
  const override = options.override;
  const expected = allowedStatuses[override?.kind ?? 'none'];
  if (!expected.includes(receipt.status)) {
    if (override) throw stateError(receipt, override);
    return resultOf(receipt); // already handled: idempotent
  }
  if (override?.kind === 'accept' && !receipt.ticketId) {
    throw new AppError('INBOUND_EMAIL_STATE', { message: 'This held email claims no ticket; move it to a ticket or a new ticket instead.' });
  }
  const raw = await deps.storage.get(receipt.rawKey);
  if (!raw) throw new Error(`raw message ${receipt.rawKey} of inbound email ${receipt.id} is missing from storage`);
  const ctx: Context = { deps, receipt, actor: options.actor ?? systemActor(workspaceId), override, expected, raw, now: deps.clock.now() };
  // A quarantined message acted on by an agent is parsed with relaxed limits, and delivered as an
  // "unreadable" message with the original attached when even that fails.
  const isRelaxed = override !== undefined && receipt.status === 'quarantined';
  try {
    let parsed: ParsedEmail;
    try {
      parsed = !override && options.parsed ? options.parsed : await parseEmail(raw, isRelaxed ? relaxedParseLimits : undefined);
      if (!parsed.from?.address) throw new EmailParseError('no_from', 'The message has no usable From address.');
    } catch (error) {
      if (!(error instanceof EmailParseError)) throw error;
      if (isRelaxed) return await deliverUnreadable(ctx, error);
      return await quarantine(ctx, error.code, error.message);
    }
    return await processParsed(ctx, parsed);
  } catch (error) {
    if (error instanceof DuplicateEmailMessageError) return await ignoreDuplicate(ctx, error).catch((failure: unknown) => stateChanged(failure, override));
    return stateChanged(error, override);
  }
}

/** The result when the receipt changed state while we worked (rethrows any other error). */
function stateChanged(error: unknown, override: InboundOverride | undefined): ProcessInboundResult {
  if (!(error instanceof ReceiptStateChanged)) throw error;
  if (override && error.receipt) throw stateError(error.receipt, override);
  return error.receipt ? resultOf(error.receipt) : { status: 'ignored', ticketId: null, messageId: null, reason: 'deleted' };
}

async function selectReceiptOrThrow(deps: AppDeps, workspaceId: string, id: string): Promise<ReceiptRow> {
  const receipt = await selectReceipt(deps.db, workspaceId, id);
  if (!receipt) throw new AppError('INBOUND_EMAIL_NOT_FOUND', { message: 'No received email with that id in this workspace.' });
  return receipt;
}

/** Locks the receipt inside the transaction and checks it is still in a state we may act on. */
async function relock(tx: DbOrTx, ctx: Context): Promise<ReceiptRow> {
  const locked = await lockReceipt(tx, ctx.receipt.workspaceId, ctx.receipt.id);
  if (!locked || locked.status !== ctx.receipt.status || !ctx.expected.includes(locked.status)) throw new ReceiptStateChanged(locked);
  return locked;
}

/**
 * Marks the receipt done if it is still in the state we read (the same guarantee as `relock`,
 * in one statement at the end of the transaction): the update waits for any concurrent writer of
 * the row and re-checks the state after it committed; when the state changed, nothing is updated
 * and the transaction is rolled back through ReceiptStateChanged.
 */
async function finishReceipt(tx: DbOrTx, ctx: Context, values: Parameters<typeof updateReceiptIfStatus>[4]): Promise<void> {
  const updated = await updateReceiptIfStatus(tx, ctx.receipt.workspaceId, ctx.receipt.id, ctx.receipt.status, values);
  if (!updated) throw new ReceiptStateChanged(await selectReceipt(tx, ctx.receipt.workspaceId, ctx.receipt.id));
}

async function auditOverride(tx: DbOrTx, ctx: Context, data: Record<string, unknown>): Promise<void> {
  if (!ctx.override && ctx.receipt.status === 'received') return;
  await recordAudit(tx, ctx.actor, {
    action: ctx.override ? overrideActions[ctx.override.kind] : 'inbound_email.reprocessed',
    subjectType: 'inbound_email',
    subjectId: ctx.receipt.id,
    data: { previousStatus: ctx.receipt.status, previousReason: ctx.receipt.reason, ...(ctx.override ? { override: ctx.override } : {}), ...data },
  });
}

async function quarantine(ctx: Context, reason: string, detail: string): Promise<ProcessInboundResult> {
  const { receipt } = ctx;
  await ctx.deps.db.transaction(async (tx) => {
    await relock(tx, ctx);
    await updateReceipt(tx, receipt.workspaceId, receipt.id, {
      status: 'quarantined',
      reason,
      reasonDetail: detail.slice(0, 2000),
      claimedUntil: null,
      processedAt: ctx.now,
      fromAddress: addressInHeader(peekHeader(ctx.raw, 'from')),
      subject: peekHeader(ctx.raw, 'subject')?.slice(0, 998) ?? null,
    });
  });
  ctx.deps.logger.info({ inboundEmailId: receipt.id, reason }, 'inbound email quarantined');
  return { status: 'quarantined', ticketId: null, messageId: null, reason };
}

async function ignoreDuplicate(ctx: Context, error: DuplicateEmailMessageError): Promise<ProcessInboundResult> {
  const { receipt } = ctx;
  await ctx.deps.db.transaction(async (tx) => {
    await relock(tx, ctx);
    await updateReceipt(tx, receipt.workspaceId, receipt.id, {
      status: 'ignored',
      reason: 'duplicate',
      reasonDetail: `A message with Message-ID <${error.externalId}> is already on a ticket.`,
      ticketId: error.existingTicketId,
      messageId: error.existingMessageId,
      claimedUntil: null,
      processedAt: ctx.now,
    });
  });
  return { status: 'ignored', ticketId: error.existingTicketId, messageId: error.existingMessageId, reason: 'duplicate' };
}

async function ignore(ctx: Context, reason: string, detail: string, parsed: ParsedEmail): Promise<ProcessInboundResult> {
  const { receipt } = ctx;
  await ctx.deps.db.transaction(async (tx) => {
    await relock(tx, ctx);
    await updateReceipt(tx, receipt.workspaceId, receipt.id, {
      status: 'ignored',
      reason,
      reasonDetail: detail,
      fromAddress: parsed.from?.address.toLowerCase() ?? null,
      subject: parsed.subject.slice(0, 998),
      claimedUntil: null,
      processedAt: ctx.now,
    });
  });
  return { status: 'ignored', ticketId: null, messageId: null, reason };
}

/** The ticket an agent's override names, after following merges; TICKET_NOT_FOUND when it is gone. */
async function overrideTicket(deps: AppDeps, workspaceId: string, ticketId: string): Promise<TicketCandidate> {
  const ticket = await followMerges(deps.db, workspaceId, await findTicketCandidateById(deps.db, workspaceId, ticketId));
  if (!ticket) throw new AppError('TICKET_NOT_FOUND', { message: 'The ticket this email should join no longer exists.' });
  return ticket;
}

async function processParsed(ctx: Context, parsed: ParsedEmail): Promise<ProcessInboundResult> {
  const { deps, receipt, override } = ctx;
  const workspaceId = receipt.workspaceId;
  const from = parsed.from!;
  const senderAddress = from.address.trim().toLowerCase();
  const auth: AuthVerdicts | null = deps.config.emailAuthentication
    ? await authenticateEmail(deps, { raw: ctx.raw, remoteAddress: receipt.remoteAddress, envelopeFrom: receipt.envelopeFrom, helo: receipt.helo })
    : null;

  if (parsed.bounce && !override) {
    return handleBounce(deps, { receipt, parsed, relock: (tx) => relock(tx, ctx), now: ctx.now });
  }

  // One round trip: own address?, the sender's customer, the workspace's settings.
  const lookup = await lookupSender(deps.db, workspaceId, senderAddress, splitPlusAddress(senderAddress).base);
  if (!override && lookup.isOwnAddress) {
    // Mail "from" our own address is a loop (our own mail coming back) or a forgery: never a ticket.
    return ignore(ctx, 'from_own_address', `The sender ${senderAddress} is an address of this workspace.`, parsed);
  }

  const settings = lookup.settings ?? (await loadEmailSettings(deps.db, workspaceId));
  const sender = lookup.customer;
  let decision: ThreadDecision;
  let threadRule: ThreadRule;
  if (override?.kind === 'accept' || override?.kind === 'ticket') {
    const claimedId = override.kind === 'accept' ? receipt.ticketId! : override.ticketId;
    decision = { kind: 'append', ticket: await overrideTicket(deps, workspaceId, claimedId), rule: 'references' };
    threadRule = override.kind === 'accept' ? 'accepted' : 'moved';
  } else if (override?.kind === 'new_ticket') {
    decision = { kind: 'new_ticket' };
    threadRule = receipt.status === 'held' ? 'moved' : 'new_ticket';
  } else {
    const recipients = threadRecipients(receipt.envelopeTo, parsed);
    const candidates = await findThreadCandidates(deps.db, {
      workspaceId,
      signingSecret: settings.signingSecret,
      subjectThreading: settings.subjectThreading,
      recipients,
      inReplyTo: parsed.inReplyTo,
      references: parsed.references,
      subject: parsed.subject,
      senderCustomerId: sender?.customerId ?? null,
      now: ctx.now,
    });
    decision = decideThread({
      sender: { address: senderAddress, customerId: sender?.customerId ?? null, organisationId: sender?.organisationId ?? null },
      ...candidates,
      auth,
    });
    threadRule = decision.kind === 'append' ? decision.rule : 'new_ticket';
  }

  if (decision.kind === 'hold') return hold(ctx, parsed, senderAddress, decision);

  const attachments = await storeAttachments(deps, parsed);
  const html = parsed.replyHtml ?? parsed.html;
  const message: InboundEmailMessage = {
    text: parsed.reply.trim().length > 0 ? parsed.reply : parsed.text,
    html: html ? linkInlineImages(html, attachments) : null,
    quotedText: parsed.quotedText.trim().length > 0 ? parsed.quotedText : null,
    rawKey: receipt.rawKey,
    externalId: parsed.messageId,
    threadRule,
    inboundEmailId: receipt.id,
    emailMeta: emailMetaOf(parsed, auth),
    attachments,
    createdAt: ctx.now,
  };
  const isAutomatic = parsed.autoSubmitted !== null || parsed.listId !== null;
  const appendTo = decision.kind === 'append' ? decision.ticket.id : null;

  const outcome = await deps.db.transaction(async (tx) => {
    // No lock up front: the receipt update at the end is conditional on its state (finishReceipt),
    // so a receipt taken over or acted on meanwhile rolls this whole transaction back.
    const customerId = await ensureEmailCustomer(tx, workspaceId, senderAddress, from.name, ctx.now);
    let ticketId: string;
    let messageId: string;
    let data: Record<string, unknown>;
    if (appendTo) {
      const appended = await appendEmailToTicket(tx, ctx.actor, { ticketId: appendTo, customerId, isAutomatic, message });
      if (!appended) throw new AppError('TICKET_NOT_FOUND', { message: 'The ticket this email should join no longer exists.' });
      ({ ticketId, messageId } = appended);
      data = { ticketId, ticketNumber: appended.ticketNumber, messageId, threadRule, reopenedFrom: appended.reopenedFrom };
    } else {
      const created = await createTicketFromEmail(tx, ctx.actor, {
        customerId,
        subject: ticketSubjectOf(parsed.subject),
        language: languageOf(parsed.language),
        message,
      });
      ({ ticketId, messageId } = created);
      data = { ticketId, ticketNumber: created.ticketNumber, messageId, threadRule };
      // Agents' overrides never send mail to a sender the system did not trust.
      if (!override) {
        const ackInput = {
          workspaceId,
          ticketId,
          ticketNumber: created.ticketNumber,
          subject: parsed.subject,
          to: parsed.replyTo ?? { address: senderAddress, name: from.name },
          inboundMessageId: parsed.messageId,
          references: parsed.references,
          autoSubmitted: parsed.autoSubmitted,
          isBounce: parsed.bounce !== null,
          listId: parsed.listId,
          senderVerified: auth?.dmarc === 'pass',
          now: ctx.now,
          settings,
        };
        // In a savepoint: a failing acknowledgement never costs the customer's ticket. No
        // savepoint when it is skipped anyway (disabled, auto-reply, list, no-reply address…).
        const ack =
          autoAckSkippedEarly(deps, ackInput) ??
          (await tx
            .transaction((savepoint) => queueAutoAcknowledgement(savepoint, deps, ackInput))
            .catch((error: unknown) => {
              deps.logger.error({ err: error, ticketId }, 'auto-acknowledgement failed; the ticket is kept without it');
              return { queued: false, reason: 'failed' };
            }));
        data = { ...data, autoAcknowledgement: ack };
      }
    }
    await finishReceipt(tx, ctx, {
      status: 'processed',
      reason: null,
      reasonDetail: null,
      ticketId,
      messageId,
      fromAddress: senderAddress,
      subject: parsed.subject.slice(0, 998),
      claimedUntil: null,
      processedAt: ctx.now,
    });
    await auditOverride(tx, ctx, data);
    return { ticketId, messageId };
  });
  return { status: 'processed', ticketId: outcome.ticketId, messageId: outcome.messageId, reason: null };
}

async function hold(
  ctx: Context,
  parsed: ParsedEmail,
  senderAddress: string,
  decision: Extract<ThreadDecision, { kind: 'hold' }>,
): Promise<ProcessInboundResult> {
  const { receipt } = ctx;
  const ticket = decision.ticket;
  await ctx.deps.db.transaction(async (tx) => {
    await relock(tx, ctx);
    await updateReceipt(tx, receipt.workspaceId, receipt.id, {
      status: 'held',
      reason: decision.reason,
      reasonDetail: decision.detail,
      ticketId: ticket?.id ?? null,
      messageId: null,
      fromAddress: senderAddress,
      subject: parsed.subject.slice(0, 998),
      claimedUntil: null,
      processedAt: ctx.now,
    });
    const data = { inboundEmailId: receipt.id, reason: decision.reason, detail: decision.detail, fromAddress: senderAddress, ticketId: ticket?.id ?? null, ticketNumber: ticket?.number ?? null };
    await recordAudit(tx, ctx.actor, { action: 'inbound_email.held', subjectType: 'inbound_email', subjectId: receipt.id, data });
    await publishEvent(tx, ctx.actor, { topic: inboundTopics.held, payload: data });
    if (ticket) {
      await notifyRealtime(tx, {
        type: 'ticket.updated',
        workspaceId: receipt.workspaceId,
        ticketId: ticket.id,
        ticketNumber: ticket.number,
        actorId: null,
        at: ctx.now.toISOString(),
      });
    }
  });
  ctx.deps.logger.info({ inboundEmailId: receipt.id, reason: decision.reason, ticketId: ticket?.id ?? null }, 'inbound email held');
  return { status: 'held', ticketId: ticket?.id ?? null, messageId: null, reason: decision.reason };
}

/**
 * A quarantined message an agent releases (or moves) that cannot be parsed even with relaxed
 * limits: a message from the envelope sender saying so, with the raw original attached.
 */
async function deliverUnreadable(ctx: Context, error: EmailParseError): Promise<ProcessInboundResult> {
  const { deps, receipt, override } = ctx;
  const workspaceId = receipt.workspaceId;
  const headerFrom = addressInHeader(peekHeader(ctx.raw, 'from'));
  const senderAddress = addressInHeader(receipt.envelopeFrom) ?? headerFrom ?? 'unknown-sender@invalid';
  const subject = peekHeader(ctx.raw, 'subject') ?? '';
  let appendTo: string | null = null;
  if (override?.kind === 'ticket') {
    appendTo = (await overrideTicket(deps, workspaceId, override.ticketId)).id;
  }
  const original: InboundAttachment = {
    id: randomUUID(),
    filename: 'original.eml',
    contentType: 'message/rfc822',
    size: ctx.raw.byteLength,
    sha256: receipt.rawKey,
    contentId: null,
    isInline: false,
  };
  const message: InboundEmailMessage = {
    text: unreadableText(error.code),
    html: null,
    quotedText: null,
    rawKey: receipt.rawKey,
    externalId: peekMessageId(ctx.raw),
    threadRule: appendTo ? 'moved' : 'new_ticket',
    inboundEmailId: receipt.id,
    emailMeta: {
      from: { address: senderAddress, name: '' },
      to: [],
      cc: [],
      auth: null,
      autoSubmitted: null,
      warnings: [`unreadable: ${error.code}: ${error.message}`.slice(0, 500)],
    },
    attachments: [original],
    createdAt: ctx.now,
  };
  const outcome = await deps.db.transaction(async (tx) => {
    await relock(tx, ctx);
    const customerId = await ensureEmailCustomer(tx, workspaceId, senderAddress, '', ctx.now);
    const written = appendTo
      ? await appendEmailToTicket(tx, ctx.actor, { ticketId: appendTo, customerId, isAutomatic: false, message })
      : await createTicketFromEmail(tx, ctx.actor, { customerId, subject: ticketSubjectOf(subject || '(unreadable email)'), language: null, message });
    if (!written) throw new AppError('TICKET_NOT_FOUND', { message: 'The ticket this email should join no longer exists.' });
    await updateReceipt(tx, workspaceId, receipt.id, {
      status: 'processed',
      ticketId: written.ticketId,
      messageId: written.messageId,
      fromAddress: senderAddress,
      subject: subject.slice(0, 998) || null,
      claimedUntil: null,
      processedAt: ctx.now,
    });
    await auditOverride(tx, ctx, { ticketId: written.ticketId, messageId: written.messageId, unreadable: error.code });
    return written;
  });
  return { status: 'processed', ticketId: outcome.ticketId, messageId: outcome.messageId, reason: null };
}
