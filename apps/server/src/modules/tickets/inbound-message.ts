/**
 * Ticket writes of an inbound email, called by the email module's processor inside ITS
 * transaction (the receipt is marked in the same transaction): create a ticket from an email, add
 * an email to a ticket, record a bounce on the outbound message. Each writes the audit, outbox
 * and realtime trio like the API paths (recordTicketChange).
 */
import { randomUUID } from 'node:crypto';
import type { EmailMeta, ThreadRule, TicketStatus } from '@rapport/contracts/tickets';
import type { DbOrTx } from '@rapport/db/database';
import { isThanksOnly } from '@rapport/reply-coach/thanks-only';
import type { Actor } from '../../platform/actor.ts';
import { recordTicketChange, recordTicketChanges, type TicketChange } from './ticket-changes.ts';
import { nextStatus } from './ticket-status.ts';
import { ticketTopics } from './tickets.events.ts';
import {
  allocateTicketNumbers,
  existingExternalIds,
  findMessageByExternalId,
  findOrCreateCustomerByEmail,
  findOrCreateEmailCustomerOnce,
  insertAttachmentRows,
  insertEmailMessageAndTouchTicket,
  insertEmailCustomers,
  insertEmailMessages,
  insertEmailTicketsWithMessages,
  insertEmailTicketWithMessage,
  latestAgentReplies,
  lockTicket,
  lockTickets,
  setMessageDelivery,
  touchTicketsForEmails,
  updateTicketRow,
  type InboundMessageValues,
} from './tickets.queries.ts';

export const inboundMessageTopics = {
  /** A bounce (DSN) marked an outbound message as failed. */
  deliveryFailed: 'message.delivery_failed',
} as const;

/** Thrown inside the transaction when the Message-ID is already on a message: the caller rolls back. */
export class DuplicateEmailMessageError extends Error {
  constructor(
    readonly externalId: string,
    readonly existingMessageId: string | null,
    readonly existingTicketId: string | null,
  ) {
    super(`a message with Message-ID ${externalId} already exists in this workspace`);
    this.name = 'DuplicateEmailMessageError';
  }
}

export interface InboundAttachment {
  /** Chosen by the caller (so the HTML can link cid: images before the insert). */
  id: string;
  filename: string;
  contentType: string;
  size: number;
  /** Storage key (content-addressed). */
  sha256: string;
  contentId: string | null;
  isInline: boolean;
}

export interface InboundEmailMessage {
  text: string;
  html: string | null;
  quotedText: string | null;
  rawKey: string;
  /** The Message-ID; null when the email had none (the receipt's content hash deduplicated it). */
  externalId: string | null;
  threadRule: ThreadRule;
  inboundEmailId: string;
  emailMeta: EmailMeta;
  attachments: InboundAttachment[];
  createdAt: Date;
}

/** The customer owning this email address, created (named after the From display name) when new. */
export async function ensureEmailCustomer(tx: DbOrTx, workspaceId: string, address: string, name: string, now: Date): Promise<string> {
  // One statement usually; a lost race with a concurrent creator falls back to the converging path.
  return (
    (await findOrCreateEmailCustomerOnce(tx, workspaceId, address, name || undefined, now)) ??
    findOrCreateCustomerByEmail(tx, workspaceId, address, name || undefined, now)
  );
}

/** The existing message with this Message-ID: the caller's transaction is rolled back by the throw. */
async function duplicateError(tx: DbOrTx, workspaceId: string, externalId: string | null): Promise<DuplicateEmailMessageError> {
  const existing = externalId ? await findMessageByExternalId(tx, workspaceId, externalId) : null;
  return new DuplicateEmailMessageError(externalId ?? '', existing?.id ?? null, existing?.ticketId ?? null);
}

function messageValues(workspaceId: string, customerId: string, message: InboundEmailMessage): InboundMessageValues {
  return {
    workspaceId,
    customerId,
    text: message.text,
    html: message.html,
    quotedText: message.quotedText,
    rawKey: message.rawKey,
    externalId: message.externalId,
    threadRule: message.threadRule,
    inboundEmailId: message.inboundEmailId,
    emailMeta: message.emailMeta,
    createdAt: message.createdAt,
  };
}

function attachmentRows(workspaceId: string, messageId: string, message: InboundEmailMessage) {
  return message.attachments.map((attachment) => ({
    id: attachment.id,
    workspaceId,
    messageId,
    filename: attachment.filename,
    contentType: attachment.contentType.toLowerCase(),
    size: attachment.size,
    sha256: attachment.sha256,
    contentId: attachment.contentId,
    isInline: attachment.isInline,
    createdAt: message.createdAt,
  }));
}

async function insertAttachmentsOf(tx: DbOrTx, workspaceId: string, messageId: string, message: InboundEmailMessage): Promise<void> {
  await insertAttachmentRows(tx, attachmentRows(workspaceId, messageId, message));
}

/** The ticket change written when an email opens a ticket (single and batch paths). */
function createdChange(ticket: { id: string; number: number }, customerId: string, messageId: string, message: InboundEmailMessage): TicketChange {
  return {
    ticket,
    action: 'ticket.created',
    topic: ticketTopics.created,
    realtimeType: 'ticket.created',
    // An email opens a ticket nobody has yet (routing assigns it later, with an event of its own).
    data: { channel: 'email', customerId, messageId, inboundEmailId: message.inboundEmailId, threadRule: message.threadRule, assigneeId: null },
    at: message.createdAt,
  };
}

/** The ticket change written when an email is added to a ticket (single and batch paths). */
function repliedChange(
  ticket: { id: string; number: number; status: TicketStatus },
  messageId: string,
  message: InboundEmailMessage,
  decision: ReopenDecision,
): TicketChange {
  return {
    ticket,
    action: 'ticket.customer_replied',
    topic: ticketTopics.messageCreated,
    realtimeType: 'message.created',
    data: {
      messageId,
      direction: 'inbound',
      channel: 'email',
      threadRule: message.threadRule,
      inboundEmailId: message.inboundEmailId,
      ...(decision.reopen ? { status: 'open', previousStatus: ticket.status } : {}),
      ...(decision.keptSolved ? { keptSolved: 'thanks_only' } : {}),
    },
    at: message.createdAt,
  };
}

export interface CreatedFromEmail {
  ticketId: string;
  ticketNumber: number;
  messageId: string;
}

/** A new ticket whose first message is the email. */
export async function createTicketFromEmail(
  tx: DbOrTx,
  actor: Actor,
  input: { customerId: string; subject: string; language: string | null; message: InboundEmailMessage },
): Promise<CreatedFromEmail> {
  const { workspaceId } = actor;
  // Ticket number, ticket and message in one statement; a duplicate Message-ID rolls it all back.
  const created = await insertEmailTicketWithMessage(tx, { subject: input.subject, language: input.language }, messageValues(workspaceId, input.customerId, input.message));
  if (!created.messageId) throw await duplicateError(tx, workspaceId, input.message.externalId);
  const messageId = created.messageId;
  const ticket = { id: created.ticketId, number: created.ticketNumber };
  await insertAttachmentsOf(tx, workspaceId, messageId, input.message);
  await recordTicketChange(tx, actor, createdChange(ticket, input.customerId, messageId, input.message));
  return { ticketId: ticket.id, ticketNumber: ticket.number, messageId };
}

const reopenedByCustomer: readonly TicketStatus[] = ['pending', 'solved', 'closed'];

interface ReopenDecision {
  reopen: boolean;
  /** A solved ticket stayed solved because the reply only thanked us. */
  keptSolved: boolean;
}

/**
 * A person's reply reopens a pending, solved or closed ticket; an automatic one never does. A reply
 * to a solved ticket that only thanks us or signs off ("Thanks, that fixed it!") keeps it solved:
 * the message is added and shown, but nobody has work to do and the reopen rate stays honest (P20).
 * The ticket's latest agent reply is what the customer answers: "Yes, thanks!" to "Shall I send a
 * replacement?" accepts the offer and reopens, "No, that's all" to "Anything else?" does not.
 */
function reopenDecision(status: TicketStatus, isAutomatic: boolean, message: InboundEmailMessage, previousAgentText: string | undefined): ReopenDecision {
  if (isAutomatic || !reopenedByCustomer.includes(status)) return { reopen: false, keptSolved: false };
  if (status === 'solved' && isThanksOnly(message.text, { previousAgentText })) return { reopen: false, keptSolved: true };
  return { reopen: true, keptSolved: false };
}

/** Only a person's reply to a solved ticket needs the agent's last reply (see reopenDecision). */
function needsPreviousReply(status: TicketStatus, isAutomatic: boolean): boolean {
  return status === 'solved' && !isAutomatic;
}

/**
 * A batch write could not be done as planned (a concurrent writer created one of the customers
 * first, or a Message-ID is already stored): the caller rolls its transaction back and handles
 * the emails one by one, where each case converges.
 */
export class EmailBatchConflict extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmailBatchConflict';
  }
}

export interface NewTicketFromEmail {
  /** The sender's normalised address; distinct within one batch. */
  address: string;
  name: string;
  /** The customer owning the address when it was looked up; null when the address was new. */
  customerId: string | null;
  subject: string;
  language: string | null;
  message: InboundEmailMessage;
}

/** Message-IDs among these already stored on a message of the workspace (checked before a batch). */
export async function storedMessageIds(db: DbOrTx, workspaceId: string, externalIds: string[]): Promise<Set<string>> {
  return new Set(await existingExternalIds(db, workspaceId, externalIds));
}

export interface EmailForTicket {
  ticketId: string;
  /** The sender's normalised address; distinct within one batch. */
  address: string;
  name: string;
  customerId: string | null;
  isAutomatic: boolean;
  message: InboundEmailMessage;
}

/**
 * The batch variant of `ensureEmailCustomer` + `createTicketFromEmail` / `appendEmailToTicket` for
 * emails of distinct senders of one workspace (appended ones to distinct tickets), in a handful of
 * multi-row statements: the new customers, one counter update for consecutive ticket numbers (in
 * input order), the tickets, the locks on the tickets appended to, the messages, the appended
 * tickets' update (a person's reply reopens a pending/solved/closed ticket, as one by one), the
 * attachments, and the audit/outbox/realtime rows. Throws EmailBatchConflict when it cannot be
 * done as planned (see there); the caller's transaction must then be rolled back.
 */
export async function writeEmailsBatch(
  tx: DbOrTx,
  actor: Actor,
  input: { created: NewTicketFromEmail[]; appended: EmailForTicket[] },
): Promise<{ created: CreatedFromEmail[]; appended: AppendedFromEmail[] }> {
  const { workspaceId } = actor;
  const all = [...input.created, ...input.appended];
  if (all.length === 0) return { created: [], appended: [] };
  const now = all[0]!.message.createdAt;
  const customerIds = all.map((item) => item.customerId ?? randomUUID());
  const fresh = all
    .map((item, index) => ({ id: customerIds[index]!, address: item.address, name: item.name.trim() || item.address.split('@')[0] || item.address }))
    .filter((_, index) => all[index]!.customerId === null);
  const written = await insertEmailCustomers(tx, workspaceId, fresh, now);
  if (written !== fresh.length) throw new EmailBatchConflict('a customer of this batch was created concurrently');

  const createdCount = input.created.length;
  const first = createdCount > 0 ? await allocateTicketNumbers(tx, workspaceId, createdCount) : 0;
  const newRows = input.created.map((item, index) => ({
    ticketId: randomUUID(),
    number: first + index,
    subject: item.subject,
    language: item.language,
    messageId: randomUUID(),
    message: messageValues(workspaceId, customerIds[index]!, item.message),
  }));
  if ((await insertEmailTicketsWithMessages(tx, newRows)) !== newRows.length) throw new EmailBatchConflict('a Message-ID of this batch is already stored');

  const locked = new Map((await lockTickets(tx, workspaceId, input.appended.map((item) => item.ticketId))).map((ticket) => [ticket.id, ticket]));
  const solvedReplies = input.appended.filter((item) => {
    const ticket = locked.get(item.ticketId);
    return ticket !== undefined && needsPreviousReply(ticket.status, item.isAutomatic);
  });
  const previousReplies = await latestAgentReplies(tx, workspaceId, solvedReplies.map((item) => item.ticketId));
  const appendRows = input.appended.map((item, index) => {
    const ticket = locked.get(item.ticketId);
    if (!ticket) throw new EmailBatchConflict('a ticket of this batch no longer exists');
    const decision = reopenDecision(ticket.status, item.isAutomatic, item.message, previousReplies.get(ticket.id));
    return {
      ticket,
      reopen: decision.reopen,
      decision,
      messageId: randomUUID(),
      message: messageValues(workspaceId, customerIds[createdCount + index]!, item.message),
      item,
    };
  });
  const messagesWritten = await insertEmailMessages(
    tx,
    appendRows.map((row) => ({ messageId: row.messageId, ticketId: row.ticket.id, message: row.message })),
  );
  if (messagesWritten !== appendRows.length) throw new EmailBatchConflict('a Message-ID of this batch is already stored');
  await touchTicketsForEmails(
    tx,
    workspaceId,
    appendRows.map((row) => {
      const at = row.item.message.createdAt;
      const status = row.reopen ? nextStatus(row.ticket, { status: 'open' }, at) : null;
      return {
        id: row.ticket.id,
        reopen: row.reopen,
        status: status?.status ?? null,
        solvedAt: status?.solvedAt ?? null,
        outcome: status?.outcome ?? null,
        updatedAt: at,
        lastMessageAt: row.ticket.lastMessageAt && row.ticket.lastMessageAt > at ? row.ticket.lastMessageAt : at,
      };
    }),
  );

  await insertAttachmentRows(tx, [
    ...input.created.flatMap((item, index) => attachmentRows(workspaceId, newRows[index]!.messageId, item.message)),
    ...appendRows.flatMap((row) => attachmentRows(workspaceId, row.messageId, row.item.message)),
  ]);
  await recordTicketChanges(tx, actor, [
    ...newRows.map((row, index) => createdChange({ id: row.ticketId, number: row.number }, customerIds[index]!, row.messageId, input.created[index]!.message)),
    ...appendRows.map((row) => repliedChange(row.ticket, row.messageId, row.item.message, row.decision)),
  ]);
  return {
    created: newRows.map((row) => ({ ticketId: row.ticketId, ticketNumber: row.number, messageId: row.messageId })),
    appended: appendRows.map((row) => ({ ticketId: row.ticket.id, ticketNumber: row.ticket.number, messageId: row.messageId, reopenedFrom: row.reopen ? row.ticket.status : null })),
  };
}

export interface AppendedFromEmail {
  ticketId: string;
  ticketNumber: number;
  messageId: string;
  /** Set when the customer's message reopened the ticket (pending/solved/closed → open). */
  reopenedFrom: TicketStatus | null;
}

/**
 * Adds the email to a ticket. A person's reply reopens a pending, solved or closed ticket; an
 * automatic message (auto-reply, out-of-office, list mail) is added without touching the status.
 */
export async function appendEmailToTicket(
  tx: DbOrTx,
  actor: Actor,
  input: { ticketId: string; customerId: string; isAutomatic: boolean; message: InboundEmailMessage },
): Promise<AppendedFromEmail | null> {
  const { workspaceId } = actor;
  const ticket = await lockTicket(tx, workspaceId, { id: input.ticketId });
  if (!ticket) return null;
  const now = input.message.createdAt;
  const previousReply = needsPreviousReply(ticket.status, input.isAutomatic) ? (await latestAgentReplies(tx, workspaceId, [ticket.id])).get(ticket.id) : undefined;
  const decision = reopenDecision(ticket.status, input.isAutomatic, input.message, previousReply);
  const reopen = decision.reopen;
  const status = reopen ? nextStatus(ticket, { status: 'open' }, now) : {};
  const latest = ticket.lastMessageAt && ticket.lastMessageAt > now ? ticket.lastMessageAt : now;
  // The message and the ticket's update in one statement; a duplicate Message-ID rolls it all back.
  const messageId = await insertEmailMessageAndTouchTicket(tx, ticket.id, messageValues(workspaceId, input.customerId, input.message), {
    ...status,
    updatedAt: now,
    lastMessageAt: latest,
  });
  if (!messageId) throw await duplicateError(tx, workspaceId, input.message.externalId);
  await insertAttachmentsOf(tx, workspaceId, messageId, input.message);
  await recordTicketChange(tx, actor, repliedChange(ticket, messageId, input.message, decision));
  return { ticketId: ticket.id, ticketNumber: ticket.number, messageId, reopenedFrom: reopen ? ticket.status : null };
}

/** A bounce: the outbound message failed, with the reason shown on it. Returns the ticket id. */
export async function recordMessageDeliveryFailure(
  tx: DbOrTx,
  actor: Actor,
  input: { messageId: string; error: string; inboundEmailId: string; at: Date },
): Promise<{ ticketId: string; ticketNumber: number } | null> {
  const ticketId = await setMessageDelivery(tx, actor.workspaceId, input.messageId, 'failed', input.error);
  if (!ticketId) return null;
  const ticket = await lockTicket(tx, actor.workspaceId, { id: ticketId });
  if (!ticket) return null;
  await updateTicketRow(tx, actor.workspaceId, ticket.id, { updatedAt: input.at });
  await recordTicketChange(tx, actor, {
    ticket,
    action: 'message.delivery_failed',
    topic: inboundMessageTopics.deliveryFailed,
    realtimeType: 'ticket.updated',
    data: { messageId: input.messageId, error: input.error, inboundEmailId: input.inboundEmailId },
    at: input.at,
  });
  return { ticketId: ticket.id, ticketNumber: ticket.number };
}
