import { z } from 'zod';
import { Id, Timestamp } from './common.ts';
import { CustomerTier } from './people.ts';
import { TicketSummary } from './tickets.ts';

/** GET /api/v1/queue/next: whose queue; without `team`, the caller's teams plus tickets routed to no team. */
export const NextTicketQuery = z
  .object({ team: Id.optional().describe("Only this team's queue") })
  .strict();
export type NextTicketQuery = z.infer<typeof NextTicketQuery>;

/** POST /api/v1/queue/next: take (assign to yourself) the next ticket. */
export const TakeNextTicketBody = z
  .object({ team: Id.optional().describe("Only this team's queue") })
  .strict();
export type TakeNextTicketBody = z.infer<typeof TakeNextTicketBody>;

export const NextTicket = z
  .object({ ticket: TicketSummary.nullable().describe('Null when the queue is empty') })
  .meta({ id: 'NextTicket' });
export type NextTicket = z.infer<typeof NextTicket>;

export const ParityQuery = z
  .object({
    from: Timestamp.optional().describe('Tickets created at or after; default 30 days before `to`'),
    to: Timestamp.optional().describe('Tickets created before; default now'),
  })
  .strict();
export type ParityQuery = z.infer<typeof ParityQuery>;

const Durations = z.object({
  count: z.number().int().describe('Tickets with this time (replied to / solved)'),
  medianMinutes: z.number().nullable(),
  p90Minutes: z.number().nullable(),
});

export const ParityTier = z.object({
  tier: CustomerTier,
  tickets: z.number().int(),
  firstReply: Durations.describe('first_reply_at − created_at'),
  resolution: Durations.describe('solved_at − created_at'),
});
export type ParityTier = z.infer<typeof ParityTier>;

/** P17: response-time parity by customer tier over the tickets created in [from, to). */
export const ParityReport = z
  .object({ from: Timestamp, to: Timestamp, tiers: z.array(ParityTier) })
  .meta({ id: 'ParityReport' });
export type ParityReport = z.infer<typeof ParityReport>;
