import type { MessageDto, NoteDto, TicketDetail, TicketSummary } from '@rapport/contracts/tickets';
import type { TicketSummaryRow } from './tickets.queries.ts';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export function toTicketSummary(row: TicketSummaryRow): TicketSummary {
  const ticket = row.ticket;
  return {
    id: ticket.id,
    number: ticket.number,
    subject: ticket.subject,
    status: ticket.status,
    priority: ticket.priority,
    channel: ticket.channel,
    language: ticket.language,
    customer: { id: ticket.customerId, name: row.customerName, email: row.customerEmail, tier: row.customerTier },
    assignee: ticket.assigneeId ? { id: ticket.assigneeId, name: row.assigneeName ?? 'Former member' } : null,
    team: ticket.teamId ? { id: ticket.teamId, name: row.teamName ?? '' } : null,
    tags: ticket.tags,
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
    lastMessageAt: iso(ticket.lastMessageAt),
    firstReplyAt: iso(ticket.firstReplyAt),
    solvedAt: iso(ticket.solvedAt),
    outcome: ticket.outcome,
    mergedIntoId: ticket.mergedIntoId,
    // PostgreSQL prints microseconds and +00:00; the API speaks ISO instants.
    sla: row.slaSummary ? { ...row.slaSummary, dueAt: iso(row.slaSummary.dueAt ? new Date(row.slaSummary.dueAt) : null) } : null,
  };
}

export interface MessageWithAuthor {
  message: {
    id: string;
    ticketId: string;
    direction: 'inbound' | 'outbound';
    channel: MessageDto['channel'];
    authorType: 'customer' | 'agent' | 'system';
    authorUserId: string | null;
    authorCustomerId: string | null;
    text: string;
    html: string | null;
    rawKey: string | null;
    createdAt: Date;
    threadRule: MessageDto['threadRule'];
    quotedText: string | null;
    emailMeta: Record<string, unknown> | null;
    deliveryStatus: 'queued' | 'sent' | 'failed' | null;
    deliveryError: string | null;
  };
  agentName: string | null;
  customerName: string | null;
}

export function toMessageDto(row: MessageWithAuthor, attachments: MessageDto['attachments']): MessageDto {
  const { message } = row;
  const author =
    message.authorType === 'agent'
      ? { type: 'agent' as const, id: message.authorUserId, name: row.agentName ?? 'Former agent' }
      : message.authorType === 'customer'
        ? { type: 'customer' as const, id: message.authorCustomerId, name: row.customerName ?? 'Customer' }
        : { type: 'system' as const, id: null, name: 'Rapport' };
  return {
    id: message.id,
    ticketId: message.ticketId,
    direction: message.direction,
    channel: message.channel,
    author,
    text: message.text,
    html: message.html,
    createdAt: message.createdAt.toISOString(),
    hasRaw: message.rawKey !== null,
    attachments,
    threadRule: message.threadRule,
    quotedText: message.quotedText,
    delivery: message.deliveryStatus ? { status: message.deliveryStatus, error: message.deliveryError } : null,
    // Written by the inbound processor in the EmailMeta shape (modules/email).
    email: message.emailMeta ? (message.emailMeta as MessageDto['email']) : null,
  };
}

export function toNoteDto(row: { note: { id: string; ticketId: string; authorId: string; text: string; createdAt: Date }; authorName: string }): NoteDto {
  return {
    id: row.note.id,
    ticketId: row.note.ticketId,
    author: { id: row.note.authorId, name: row.authorName },
    text: row.note.text,
    createdAt: row.note.createdAt.toISOString(),
  };
}

export function toTicketDetail(summary: TicketSummaryRow, messages: MessageDto[], notes: NoteDto[]): TicketDetail {
  return { ...toTicketSummary(summary), customFields: summary.ticket.customFields, messages, notes };
}
