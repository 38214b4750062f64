import type { QueryKey } from '@tanstack/react-query';
import type { RealtimeEvent } from '@rapport/contracts/realtime';
import { queryKeys } from '../api/query-keys.ts';
import { resolutionKeys } from '../modules/resolutions/resolutions-paths.ts';

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
    // A request decided or cancelled elsewhere leaves the approvals screen (refetched only while on show;
    // the sidebar count follows approval notifications and a slow poll instead).
    if (event.type === 'ticket.updated') add(resolutionKeys.approvalList(workspaceId));
    // A held email accepted or moved by another agent changes the ticket; its banner and the quarantine page follow.
    add(queryKeys.inbound(workspaceId));
  }
  return [...keys.values()];
}

export interface EventBatcher<T> {
  /** Hands one event in: flushed at once after a quiet spell, otherwise with the window's trailing batch. */
  push(event: T): void;
  /** Drops what is pending and stops the timer (the socket is going away). */
  dispose(): void;
}

export interface BatchTimers {
  set(callback: () => void, ms: number): number;
  clear(handle: number): void;
}

const windowTimers: BatchTimers = {
  set: (callback, ms) => window.setTimeout(callback, ms),
  clear: (handle) => window.clearTimeout(handle),
};

/**
 * Leading-edge batching: the first event after a quiet spell is flushed at once (a new ticket
 * shows without waiting for a window to pass), and opens a window of `windowMs`; the events that
 * arrive within it are flushed together when it ends, which opens the next window. A burst thus
 * costs one flush at its start and at most one per window after it, and a single event costs no
 * delay at all.
 */
export function createEventBatcher<T>(flush: (events: T[]) => void, windowMs: number, timers: BatchTimers = windowTimers): EventBatcher<T> {
  let timer: number | undefined;
  let pending: T[] = [];
  const endWindow = () => {
    timer = undefined;
    if (pending.length === 0) return; // quiet: the next event flushes at once
    const events = pending;
    pending = [];
    timer = timers.set(endWindow, windowMs);
    flush(events);
  };
  return {
    push(event) {
      if (timer !== undefined) {
        pending.push(event);
        return;
      }
      timer = timers.set(endWindow, windowMs);
      flush([event]);
    },
    dispose() {
      if (timer !== undefined) timers.clear(timer);
      timer = undefined;
      pending = [];
    },
  };
}

/** Reconnect delay: doubles from 1 s to 30 s, with jitter so a restarted server is not stampeded. */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** attempt);
  return Math.round(base * (0.5 + random() / 2));
}
