import type { MessageDto, ReplyBody } from '@rapport/contracts/tickets';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { attachUploadsToMessage } from '../attachments/uploads.ts';
import { deleteDraftInTransaction, draftInTransaction } from '../drafts/drafts.ts';
import { planReplyEmail, queueReplyEmail } from '../email/queue-reply-email.ts';
import { lessonForOutcomeChange } from '../lessons/lessons.ts';
import { takeMacroForSend } from '../macros/macros.ts';
import { createPromisesFromReply } from '../promises/promises.ts';
import { customerMessagesSince } from './composer.queries.ts';
import { loadTicketDetail, lockTicketByRef } from './get-ticket.ts';
import { macroTicketValues } from './macro-actions.ts';
import { recordTicketChange } from './ticket-changes.ts';
import { nextStatus } from './ticket-status.ts';
import { ticketTopics } from './tickets.events.ts';
import { insertMessage, updateTicketRow } from './tickets.queries.ts';

/**
 * An agent's reply to the customer. An emailed ticket's reply is written to the email outbox in
 * the same transaction (email/queue-reply-email.ts): the message gets its Message-ID and the
 * 'queued' delivery status at once, and the worker's outbound sender delivers it.
 *
 * The composer's parts, all in the same transaction:
 * - new-message check: when the agent's reply draft was started before a customer message that
 *   arrived since, the reply is refused with NEW_CUSTOMER_MESSAGE unless `confirmNewMessages`;
 * - undo-send: the message carries `undo_until = now + undoSendSeconds` and its email is not
 *   attempted before then (tickets/undo-reply.ts withdraws it inside the window);
 * - composer uploads in `attachmentIds` become the message's attachments (and the email's);
 * - a macro's actions (status, priority, tags, assignee, team) apply now, its use is counted; an
 *   explicit "send and set" status wins over the macro's;
 * - the agent's reply draft is deleted.
 */
export async function replyToTicket(deps: AppDeps, actor: Actor, ref: string, input: ReplyBody): Promise<MessageDto> {
  if (!actor.userId) throw new AppError('FORBIDDEN', { message: 'Replies are written by a person.' });
  const authorUserId = actor.userId;
  const { ticketId, messageId, undoUntil } = await deps.db.transaction(async (tx) => {
    const ticket = await lockTicketByRef(tx, actor, ref);
    const ticketId = ticket.id;
    const now = deps.clock.now();
    if (!input.confirmNewMessages) {
      const draft = await draftInTransaction(tx, actor, ticketId, 'reply');
      const newer = draft ? await customerMessagesSince(tx, actor.workspaceId, ticketId, draft.startedAt) : [];
      if (draft && newer.length > 0) {
        throw new AppError('NEW_CUSTOMER_MESSAGE', {
          message: 'The customer wrote again after you started this reply. Read it, then send anyway or revise.',
          details: { messageIds: newer.map((row) => row.id), draftStartedAt: draft.startedAt.toISOString() },
        });
      }
    }
    const email = await planReplyEmail(tx, deps, { workspaceId: actor.workspaceId, ticket, authorUserId, now });
    const undoUntil = deps.config.undoSendSeconds > 0 ? new Date(now.getTime() + deps.config.undoSendSeconds * 1000) : null;
    const message = await insertMessage(tx, {
      workspaceId: actor.workspaceId,
      ticketId,
      direction: 'outbound',
      channel: ticket.channel,
      authorType: 'agent',
      authorUserId,
      text: input.text,
      createdAt: now,
      undoUntil,
      ...(email.plan ? { externalId: email.plan.rfcMessageId, deliveryStatus: 'queued' as const, emailMeta: email.plan.meta } : {}),
    });
    const attachmentCount = await attachUploadsToMessage(tx, actor, message.id, input.attachmentIds ?? [], now);
    if (email.plan) await queueReplyEmail(tx, email.plan, { id: message.id, text: input.text }, undoUntil ?? now);
    const macroActions = input.macroId ? await takeMacroForSend(tx, actor, input.macroId) : null;
    const macro = macroActions ? await macroTicketValues(tx, ticket, macroActions) : null;
    const requestedStatus = input.status ?? macroActions?.status ?? (ticket.status === 'new' ? 'open' : undefined);
    const status = requestedStatus ? nextStatus(ticket, { status: requestedStatus }, now) : {};
    // A reply solves with the outcome "solved" (or keeps the one recorded); never a lesson-less "could not solve".
    if (requestedStatus) lessonForOutcomeChange({ from: ticket.outcome, to: nextStatus(ticket, { status: requestedStatus }, now).outcome });
    const assigneeId = macro?.values.assigneeId !== undefined ? macro.values.assigneeId : ticket.assigneeId;
    await updateTicketRow(tx, actor.workspaceId, ticketId, {
      ...macro?.values,
      ...status,
      updatedAt: now,
      lastMessageAt: now,
      firstReplyAt: ticket.firstReplyAt ?? now,
      // Replying to an unassigned ticket takes it, so the customer's answer reaches someone.
      assigneeId: assigneeId ?? authorUserId,
    });
    await deleteDraftInTransaction(tx, actor, ticketId, 'reply');
    await recordTicketChange(tx, actor, {
      ticket,
      action: 'ticket.replied',
      topic: ticketTopics.messageCreated,
      realtimeType: 'message.created',
      data: {
        messageId: message.id,
        direction: 'outbound',
        channel: ticket.channel,
        ...(email.plan ? { email: { rfcMessageId: email.plan.rfcMessageId, to: email.plan.to.address } } : { emailSkipped: email.skipped }),
        ...(requestedStatus ? { status: requestedStatus } : {}),
        // What undo-send puts back.
        previous: { status: ticket.status, solvedAt: ticket.solvedAt?.toISOString() ?? null, outcome: ticket.outcome, firstReplyAt: ticket.firstReplyAt?.toISOString() ?? null },
        ...(undoUntil ? { undoUntil: undoUntil.toISOString() } : {}),
        ...(attachmentCount > 0 ? { attachments: attachmentCount } : {}),
        ...(input.macroId ? { macroId: input.macroId, macroApplied: macro?.applied ?? [], macroSkipped: macro?.skipped ?? [] } : {}),
      },
      at: now,
    });
    await createPromisesFromReply(tx, actor, { ticketId, messageId: message.id, authorUserId, text: input.text, at: now });
    return { ticketId, messageId: message.id, undoUntil };
  });
  const detail = await loadTicketDetail(deps.db, actor.workspaceId, ticketId);
  const message = detail.messages.find((item) => item.id === messageId);
  if (!message) throw new AppError('MESSAGE_NOT_FOUND', { message: 'The reply was saved but could not be read back.' });
  return { ...message, undoUntil: undoUntil?.toISOString() ?? null };
}
