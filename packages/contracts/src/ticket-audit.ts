import { z } from 'zod';
import { Id, Timestamp } from './common.ts';

/** The audit trail of one ticket (GET /api/v1/tickets/:ref/audit). */

export const AuditActor = z.object({
  type: z.enum(['user', 'token', 'system', 'customer']),
  id: Id.nullable(),
  name: z.string().nullable().describe('The member’s name; null for the system or a removed member'),
});
export type AuditActor = z.infer<typeof AuditActor>;

export const TicketAuditEntry = z
  .object({
    id: z.string().describe('Increasing; later entries have larger ids'),
    action: z.string().describe('e.g. ticket.updated, ticket.merged_into, ticket.message_split_out'),
    at: Timestamp,
    actor: AuditActor,
    data: z.record(z.string(), z.unknown()).describe('What changed; ticket.updated carries changes: { field: { from, to } }'),
  })
  .meta({ id: 'TicketAuditEntry' });
export type TicketAuditEntry = z.infer<typeof TicketAuditEntry>;

export const TicketAuditQuery = z
  .object({
    cursor: z.string().regex(/^\d{1,19}$/, 'A cursor from a previous page').optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    order: z.enum(['desc', 'asc']).default('desc').describe('desc: newest first (the audit panel); asc: oldest first (the timeline)'),
    only: z
      .enum(['all', 'events'])
      .default('all')
      .describe('events: only changes shown in the conversation timeline (status, assignee, team, priority, tags, fields, merges, splits)'),
  })
  .strict();
export type TicketAuditQuery = z.infer<typeof TicketAuditQuery>;

export const TicketAuditPage = z
  .object({
    items: z.array(TicketAuditEntry),
    nextCursor: z.string().nullable(),
    names: z.record(z.string(), z.string()).describe('Names of the members and teams the entries refer to by id'),
  })
  .meta({ id: 'TicketAuditPage' });
export type TicketAuditPage = z.infer<typeof TicketAuditPage>;

/** The audit actions that are conversation events (the rest are messages and notes, shown as themselves). */
export const timelineEventActions = [
  'ticket.updated',
  'ticket.merged_into',
  'ticket.merged_away',
  'ticket.message_split_out',
  'ticket.created_by_split',
] as const;

/**
 * Message actions that are also events when they changed the status (send-and-solve, a customer
 * reopening) or kept it on purpose (a thank-you reply to a solved ticket).
 */
export const statusChangingMessageActions = ['ticket.replied', 'ticket.customer_replied'] as const;
