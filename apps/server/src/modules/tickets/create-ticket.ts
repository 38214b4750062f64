import type { CreateTicketBody, TicketDetail } from '@rapport/contracts/tickets';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { loadTicketDetail } from './get-ticket.ts';
import { recordTicketChange } from './ticket-changes.ts';
import { ticketTopics } from './tickets.events.ts';
import {
  allocateTicketNumber,
  customerExists,
  ensureTags,
  findOrCreateCustomerByEmail,
  insertMessage,
  insertTicket,
  isActiveMember,
  loadCustomFieldDefinitions,
  teamExists,
} from './tickets.queries.ts';
import { applyCustomFields } from './validate-custom-fields.ts';

export type CreateTicketInput = CreateTicketBody & { createdAt?: Date };

export async function createTicket(deps: AppDeps, actor: Actor, input: CreateTicketInput): Promise<TicketDetail> {
  const now = input.createdAt ?? deps.clock.now();
  const ticketId = await deps.db.transaction(async (tx) => {
    let customerId: string;
    if ('id' in input.customer) {
      if (!(await customerExists(tx, actor.workspaceId, input.customer.id))) {
        throw new AppError('CUSTOMER_NOT_FOUND', { message: 'No customer with that id in this workspace.' });
      }
      customerId = input.customer.id;
    } else {
      customerId = await findOrCreateCustomerByEmail(tx, actor.workspaceId, input.customer.email, input.customer.name, now);
    }
    if (input.assigneeId && !(await isActiveMember(tx, actor.workspaceId, input.assigneeId))) {
      throw new AppError('USER_NOT_FOUND', { message: 'The assignee is not a member of this workspace.' });
    }
    if (input.teamId && !(await teamExists(tx, actor.workspaceId, input.teamId))) {
      throw new AppError('TEAM_NOT_FOUND', { message: 'No team with that id in this workspace.' });
    }
    const customFields = input.customFields
      ? applyCustomFields(await loadCustomFieldDefinitions(tx, actor.workspaceId), {}, input.customFields)
      : {};
    const tags = [...new Set(input.tags ?? [])];
    const number = await allocateTicketNumber(tx, actor.workspaceId);
    const ticket = await insertTicket(tx, {
      workspaceId: actor.workspaceId,
      number,
      subject: input.subject,
      status: input.status ?? (input.assigneeId ? 'open' : 'new'),
      priority: input.priority,
      channel: input.channel,
      customerId,
      assigneeId: input.assigneeId ?? null,
      teamId: input.teamId ?? null,
      tags,
      customFields,
      language: input.language ?? null,
      createdAt: now,
      updatedAt: now,
      lastMessageAt: now,
    });
    await ensureTags(tx, actor.workspaceId, tags);
    await insertMessage(tx, {
      workspaceId: actor.workspaceId,
      ticketId: ticket.id,
      direction: 'inbound',
      channel: input.channel,
      authorType: 'customer',
      authorCustomerId: customerId,
      text: input.text,
      createdAt: now,
    });
    await recordTicketChange(tx, actor, {
      ticket,
      action: 'ticket.created',
      topic: ticketTopics.created,
      realtimeType: 'ticket.created',
      data: { channel: input.channel, customerId, assigneeId: input.assigneeId ?? null },
      at: now,
    });
    return ticket.id;
  });
  return loadTicketDetail(deps.db, actor.workspaceId, ticketId);
}
