import { z } from 'zod';
import { Id } from './common.ts';

/** What the WebSocket at /api/v1/stream pushes. Small on purpose: clients refetch what changed. */
export const RealtimeEvent = z.object({
  type: z.enum(['ticket.created', 'ticket.updated', 'ticket.merged', 'message.created', 'note.created']),
  workspaceId: Id,
  ticketId: Id,
  ticketNumber: z.number().int(),
  actorId: Id.nullable(),
  at: z.string(),
});
export type RealtimeEvent = z.infer<typeof RealtimeEvent>;
