import type { QueryKey } from '@tanstack/react-query';
import type { RealtimeEvent } from '@rapport/contracts/realtime';
import { queryKeys } from '../api/query-keys.ts';

/**
 * The cached queries a batch of events makes stale. Events are small on purpose (ids, not
 * content): the client refetches what changed rather than patching its cache from the event.
 */
export function keysToInvalidate(workspaceId: string, events: readonly RealtimeEvent[]): QueryKey[] {
  const keys = new Map<string, QueryKey>();
  const add = (key: QueryKey) => keys.set(JSON.stringify(key), key);
  for (const event of events) {
    if (event.workspaceId !== workspaceId) continue;
    // Any change can move a ticket in or out of a view, so every list of the workspace refetches.
    add(queryKeys.ticketLists(workspaceId));
    // The ticket page is cached under whichever ref its URL used: number or id.
    add(queryKeys.ticket(workspaceId, String(event.ticketNumber)));
    add(queryKeys.ticket(workspaceId, event.ticketId));
    if (event.type === 'ticket.updated' || event.type === 'ticket.created') add(queryKeys.tags(workspaceId));
    // A held email accepted or moved by another agent changes the ticket; its banner and the quarantine page follow.
    add(queryKeys.inbound(workspaceId));
  }
  return [...keys.values()];
}

/** Reconnect delay: doubles from 1 s to 30 s, with jitter so a restarted server is not stampeded. */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** attempt);
  return Math.round(base * (0.5 + random() / 2));
}
