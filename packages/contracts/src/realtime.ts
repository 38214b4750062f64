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

/** What an agent is doing on a ticket page, as far as their teammates are told. */
export const PresenceState = z.enum(['viewing', 'typing_reply', 'typing_note']);
export type PresenceState = z.infer<typeof PresenceState>;

/**
 * Client → server over the same WebSocket: "I am on this ticket, doing this" (resent as a heartbeat
 * every few seconds; presence without a heartbeat for 30 s expires), or "I left it".
 */
export const PresenceClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('presence'), ticketId: Id, state: PresenceState }).strict(),
  z.object({ type: z.literal('presence.leave') }).strict(),
]);
export type PresenceClientMessage = z.infer<typeof PresenceClientMessage>;

/** One agent on a ticket page. `state` is the busiest of their open tabs. */
export const PresenceViewer = z.object({ userId: Id, name: z.string(), state: PresenceState });
export type PresenceViewer = z.infer<typeof PresenceViewer>;

/** Server → the clients viewing that ticket: everyone on it now (including the receiver). Never stored. */
export const PresenceEvent = z.object({
  type: z.literal('presence'),
  workspaceId: Id,
  ticketId: Id,
  viewers: z.array(PresenceViewer),
  at: z.string(),
});
export type PresenceEvent = z.infer<typeof PresenceEvent>;

/** Server → only the recipient's sockets: a new in-app notification for them. */
export const NotificationEvent = z.object({
  type: z.literal('notification.created'),
  workspaceId: Id,
  userId: Id,
  notificationId: Id,
  ticketId: Id.nullable(),
  kind: z.string(),
  at: z.string(),
});
export type NotificationEvent = z.infer<typeof NotificationEvent>;
