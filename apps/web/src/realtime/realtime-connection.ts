/**
 * The one open stream, as seen by features other than cache invalidation: presence and
 * notification messages are handed to subscribers, and presence messages go back out over the
 * same socket. The current presence is remembered and resent after a reconnect, so a dropped
 * connection does not make an agent vanish from a ticket they are still on.
 */
import { NotificationEvent, PresenceEvent, type PresenceClientMessage } from '@rapport/contracts/realtime';

export type StreamNotice = PresenceEvent | NotificationEvent;
type Listener = (notice: StreamNotice) => void;

const listeners = new Set<Listener>();
let socket: WebSocket | null = null;
let presence: PresenceClientMessage | null = null;

function write(message: PresenceClientMessage) {
  if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
}

/** Called by the stream hook when a socket opens (or closes, with null). */
export function attachSocket(next: WebSocket | null): void {
  socket = next;
  if (presence) write(presence);
}

/** Tells teammates what you are doing on a ticket; `presence.leave` when you are no longer on one. */
export function sendPresence(message: PresenceClientMessage): void {
  presence = message.type === 'presence.leave' ? null : message;
  write(message);
}

export function subscribeStream(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Hands a parsed stream message to subscribers; returns the notice, or null if it is not one. */
export function dispatchStreamNotice(data: unknown): StreamNotice | null {
  const parsed = PresenceEvent.safeParse(data);
  const notice = parsed.success ? parsed.data : (NotificationEvent.safeParse(data).data ?? null);
  if (!notice) return null;
  for (const listener of [...listeners]) listener(notice);
  return notice;
}
