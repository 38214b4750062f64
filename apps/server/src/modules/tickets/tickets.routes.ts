import {
  CreateTicketBody,
  ListTicketsQuery,
  MergeBody,
  MessageDto,
  NoteBody,
  NoteDto,
  ReplyBody,
  SplitBody,
  SplitParams,
  TicketDetail,
  TicketPage,
  TicketRefParams,
  UpdateTicketBody,
} from '@rapport/contracts/tickets';
import type { AppDeps } from '../../platform/app-deps.ts';
import { defineRoute, type AnyRoute } from '../../platform/route.ts';
import { addNote } from './add-note.ts';
import { createTicket } from './create-ticket.ts';
import { getTicket } from './get-ticket.ts';
import { listTickets } from './list-tickets.ts';
import { mergeTickets } from './merge-tickets.ts';
import { replyToTicket } from './reply-to-ticket.ts';
import { splitMessage } from './split-message.ts';
import { updateTicket } from './update-ticket.ts';

export function ticketRoutes(deps: AppDeps): AnyRoute[] {
  const tag = 'tickets';
  return [
    defineRoute({
      id: 'tickets.list',
      method: 'GET',
      url: '/api/v1/tickets',
      permission: 'ticket.read',
      tag,
      summary: 'List tickets with filters, sorting and cursor pagination',
      query: ListTicketsQuery,
      response: TicketPage,
      handler: ({ actor, query }) => listTickets(deps, actor, query),
    }),
    defineRoute({
      id: 'tickets.create',
      method: 'POST',
      url: '/api/v1/tickets',
      permission: 'ticket.create',
      tag,
      summary: 'Create a ticket with its first customer message (honours Idempotency-Key)',
      body: CreateTicketBody,
      response: TicketDetail,
      isIdempotent: true,
      handler: ({ actor, body }) => createTicket(deps, actor, body),
    }),
    defineRoute({
      id: 'tickets.get',
      method: 'GET',
      url: '/api/v1/tickets/:ref',
      permission: 'ticket.read',
      tag,
      summary: 'A ticket with its messages and internal notes (by number or id)',
      params: TicketRefParams,
      response: TicketDetail,
      handler: ({ actor, params }) => getTicket(deps, actor, params.ref),
    }),
    defineRoute({
      id: 'tickets.update',
      method: 'PATCH',
      url: '/api/v1/tickets/:ref',
      permission: 'ticket.update',
      tag,
      summary: 'Change status, priority, assignee, team, tags, custom fields or outcome',
      params: TicketRefParams,
      body: UpdateTicketBody,
      response: TicketDetail,
      handler: ({ actor, params, body }) => updateTicket(deps, actor, params.ref, body),
    }),
    defineRoute({
      id: 'tickets.reply',
      method: 'POST',
      url: '/api/v1/tickets/:ref/replies',
      permission: 'ticket.reply',
      tag,
      summary: 'Reply to the customer, optionally setting the status (honours Idempotency-Key)',
      params: TicketRefParams,
      body: ReplyBody,
      response: MessageDto,
      isIdempotent: true,
      handler: ({ actor, params, body }) => replyToTicket(deps, actor, params.ref, body),
    }),
    defineRoute({
      id: 'tickets.note',
      method: 'POST',
      url: '/api/v1/tickets/:ref/notes',
      permission: 'ticket.note',
      tag,
      summary: 'Add an internal note (honours Idempotency-Key)',
      params: TicketRefParams,
      body: NoteBody,
      response: NoteDto,
      isIdempotent: true,
      handler: ({ actor, params, body }) => addNote(deps, actor, params.ref, body),
    }),
    defineRoute({
      id: 'tickets.merge',
      method: 'POST',
      url: '/api/v1/tickets/:ref/merge',
      permission: 'ticket.merge',
      tag,
      summary: 'Merge this ticket into another; returns the surviving ticket',
      params: TicketRefParams,
      body: MergeBody,
      response: TicketDetail,
      successStatus: 200,
      handler: ({ actor, params, body }) => mergeTickets(deps, actor, params.ref, body.intoTicketId),
    }),
    defineRoute({
      id: 'tickets.split',
      method: 'POST',
      url: '/api/v1/tickets/:ref/messages/:messageId/split',
      permission: 'ticket.split',
      tag,
      summary: 'Move one message into a new ticket; returns the new ticket',
      params: SplitParams,
      body: SplitBody,
      response: TicketDetail,
      isIdempotent: true,
      handler: ({ actor, params, body }) => splitMessage(deps, actor, params.ref, params.messageId, body),
    }),
  ];
}
