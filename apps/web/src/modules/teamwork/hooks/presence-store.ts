/**
 * Who is on which ticket, from the stream's presence messages. Kept outside React so the
 * presence bar and the collision warning (mounted in different places) read the same list.
 */
import { useSyncExternalStore } from 'react';
import type { PresenceViewer } from '@rapport/contracts/realtime';
import { subscribeStream } from '../../../realtime/realtime-connection.ts';

const byTicket = new Map<string, PresenceViewer[]>();
const listeners = new Set<() => void>();
const empty: PresenceViewer[] = [];

subscribeStream((notice) => {
  if (notice.type !== 'presence') return;
  byTicket.set(notice.ticketId, notice.viewers);
  for (const listener of [...listeners]) listener();
});

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Forget a ticket's presence once you leave it: what you see on return comes fresh from the server. */
export function forgetPresence(ticketId: string): void {
  if (byTicket.delete(ticketId)) for (const listener of [...listeners]) listener();
}

/** Everyone on the ticket (you included), live. */
export function useTicketViewers(ticketId: string): PresenceViewer[] {
  return useSyncExternalStore(subscribe, () => byTicket.get(ticketId) ?? empty);
}
