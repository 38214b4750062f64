import { z } from 'zod';
import { Id, Timestamp } from './common.ts';
import { TicketStatus } from './tickets.ts';

export const SearchQuery = z
  .object({
    q: z.string().trim().min(1).max(200),
    status: TicketStatus.optional(),
    assignee: z.union([z.literal('me'), z.literal('none'), Id]).optional(),
    tag: z.string().max(50).optional(),
    customer: Id.optional(),
    channel: z.enum(['email', 'web', 'chat', 'phone', 'api']).optional(),
    createdFrom: z.iso.date().optional().describe('Tickets created on or after this day (UTC, YYYY-MM-DD)'),
    createdTo: z.iso.date().optional().describe('Tickets created on or before this day (UTC, YYYY-MM-DD)'),
    limit: z.coerce.number().int().min(1).max(50).default(20),
  })
  .strict();
export type SearchQuery = z.infer<typeof SearchQuery>;

export const SearchHit = z
  .object({
    ticketId: Id,
    number: z.number().int(),
    subject: z.string(),
    status: TicketStatus,
    matchedIn: z.enum(['subject', 'message', 'note']),
    snippet: z.string().describe('Plain text with matches wrapped in «»; escape it before rendering'),
    rank: z.number(),
    updatedAt: Timestamp,
  })
  .meta({ id: 'SearchHit' });
export type SearchHit = z.infer<typeof SearchHit>;
export const SearchResult = z.object({ hits: z.array(SearchHit) }).meta({ id: 'SearchResult' });
export type SearchResult = z.infer<typeof SearchResult>;
