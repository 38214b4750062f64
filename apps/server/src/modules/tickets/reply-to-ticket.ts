import type { MessageDto, ReplyBody } from '@rapport/contracts/tickets';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { planReplyEmail, queueReplyEmail } from '../email/queue-reply-email.ts';
import { loadTicketDetail, lockTicketByRef } from './get-ticket.ts';
import { recordTicketChange } from './ticket-changes.ts';
import { nextStatus } from './ticket-status.ts';
import { ticketTopics } from './tickets.events.ts';
import { insertMessage, updateTicketRow } from './tickets.queries.ts';

/**
 * An agent's reply to the customer. An emailed ticket's reply is written to the email outbox in
 * the same transaction (email/queue-reply-email.ts): the message gets its Message-ID and the
 * 'queued' delivery status at once, and the worker's outbound sender delivers it.
 */
export async function replyToTicket(deps: AppDeps, actor: Actor, ref: string, input: ReplyBody): Promise<MessageDto> {
  if (!actor.userId) throw new AppError('FORBIDDEN', { message: 'Replies are written by a person.' });
  const authorUserId = actor.userId;
  const { ticketId, messageId } = await deps.db.transaction(async (tx) => {
    const ticket = await lockTicketByRef(tx, actor, ref);
    const ticketId = ticket.id;
    const now = deps.clock.now();
    const email = await planReplyEmail(tx, deps, { workspaceId: actor.workspaceId, ticket, authorUserId, now });
    const message = await insertMessage(tx, {
      workspaceId: actor.workspaceId,
      ticketId,
      direction: 'outbound',
      channel: ticket.channel,
      authorType: 'agent',
      authorUserId,
      text: input.text,
      createdAt: now,
      ...(email.plan ? { externalId: email.plan.rfcMessageId, deliveryStatus: 'queued' as const, emailMeta: email.plan.meta } : {}),
    });
    if (email.plan) await queueReplyEmail(tx, email.plan, { id: message.id, text: input.text });
    const requestedStatus = input.status ?? (ticket.status === 'new' ? 'open' : undefined);
    const status = requestedStatus ? nextStatus(ticket, { status: requestedStatus }, now) : {};
    await updateTicketRow(tx, actor.workspaceId, ticketId, {
      ...status,
      updatedAt: now,
      lastMessageAt: now,
      firstReplyAt: ticket.firstReplyAt ?? now,
      // Replying to an unassigned ticket takes it, so the customer's answer reaches someone.
      assigneeId: ticket.assigneeId ?? authorUserId,
    });
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
        ...(input.status ? { status: input.status } : {}),
      },
      at: now,
    });
    return { ticketId, messageId: message.id };
  });
  const detail = await loadTicketDetail(deps.db, actor.workspaceId, ticketId);
  const message = detail.messages.find((item) => item.id === messageId);
  if (!message) throw new AppError('MESSAGE_NOT_FOUND', { message: 'The reply was saved but could not be read back.' });
  return message;
}
