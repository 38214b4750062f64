import { z } from 'zod';
import { ErrorCode } from './errors.ts';
import { Id } from './common.ts';
import { TagName, TicketStatus, type ListTicketsQuery } from './tickets.ts';

type InboxFilters = Partial<Omit<ListTicketsQuery, 'cursor' | 'limit'>>;

const unsolved = ['new', 'open', 'pending', 'on_hold'] as const;

/**
 * The inbox's built-in views, the same for every agent and workspace. Defined once here so the
 * server counts exactly what the web app lists (their URLs are /views/<key>).
 */
export const builtInInboxViews = [
  { key: 'mine', filters: { assignee: 'me', status: [...unsolved] } },
  { key: 'unassigned', filters: { assignee: 'none', status: [...unsolved] } },
  { key: 'open', filters: { status: ['new', 'open'] } },
  { key: 'pending', filters: { status: ['pending'] } },
  { key: 'on_hold', filters: { status: ['on_hold'] } },
  { key: 'solved', filters: { status: ['solved'] } },
] as const satisfies readonly { key: string; filters: InboxFilters }[];
export type BuiltInInboxViewKey = (typeof builtInInboxViews)[number]['key'];

/** Counting stops here: a view with more tickets shows "999+" (counting 1M rows on every event would not be cheap). */
export const viewCountCap = 999;

export const ViewCount = z
  .object({
    view: z.string().describe('A built-in view key (mine, unassigned, open, pending, on_hold, solved) or a saved view id'),
    count: z.number().int().min(0).describe(`Matching tickets, at most ${viewCountCap}`),
    isCapped: z.boolean().describe(`More than ${viewCountCap} tickets match`),
  })
  .meta({ id: 'ViewCount' });
export type ViewCount = z.infer<typeof ViewCount>;
export const ViewCountList = z.object({ items: z.array(ViewCount) }).meta({ id: 'ViewCountList' });
export type ViewCountList = z.infer<typeof ViewCountList>;

/** What a bulk update may change: the inbox's bulk actions. */
export const BulkTicketChanges = z
  .object({
    status: TicketStatus.optional(),
    assigneeId: Id.nullable().optional(),
    teamId: Id.nullable().optional(),
    addTags: z.array(TagName).min(1).max(30).optional(),
    removeTags: z.array(TagName).min(1).max(30).optional(),
  })
  .strict()
  .refine((changes) => Object.keys(changes).length > 0, 'Send at least one change');

export const BulkTicketsBody = z
  .object({
    ticketIds: z.array(Id).min(1).max(100).describe('At most 100 tickets per request'),
    action: z.discriminatedUnion('type', [
      z.object({ type: z.literal('update'), changes: BulkTicketChanges }).strict(),
      z
        .object({ type: z.literal('merge'), intoTicketId: Id.describe('The ticket that survives; every listed ticket is merged into it') })
        .strict(),
    ]),
  })
  .strict();
export type BulkTicketsBody = z.infer<typeof BulkTicketsBody>;
export type BulkTicketChanges = z.infer<typeof BulkTicketChanges>;

export const BulkTicketResult = z
  .object({
    ticketId: Id,
    ok: z.boolean(),
    error: z.object({ code: ErrorCode, message: z.string() }).nullable(),
  })
  .meta({ id: 'BulkTicketResult' });
export type BulkTicketResult = z.infer<typeof BulkTicketResult>;

export const BulkTicketsResponse = z
  .object({
    results: z.array(BulkTicketResult).describe('One per ticket, in the order sent; a failure does not undo the others'),
    succeeded: z.number().int(),
    failed: z.number().int(),
  })
  .meta({ id: 'BulkTicketsResponse' });
export type BulkTicketsResponse = z.infer<typeof BulkTicketsResponse>;

export const TicketReadState = z
  .object({ ticketId: Id, readAt: z.iso.datetime({ offset: true }).nullable() })
  .meta({ id: 'TicketReadState' });
export type TicketReadState = z.infer<typeof TicketReadState>;
