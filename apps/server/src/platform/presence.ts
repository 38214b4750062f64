/**
 * Live presence on tickets (who is viewing, who is typing a reply or a note). Held in memory by
 * every web process, never stored: each process hears every presence change over LISTEN/NOTIFY
 * (its own included) and keeps the same registry, so any process can tell a newcomer who is on a
 * ticket. An entry is one open WebSocket (one browser tab): it expires without a heartbeat for
 * `presenceTtlMs`, and is dropped at once when its socket closes.
 */
import { z } from 'zod';
import { PresenceState, type PresenceViewer } from '@rapport/contracts/realtime';

export const presenceChannel = 'rapport_presence';
/** Presence not refreshed for this long is gone (a crashed process, a sleeping laptop). */
export const presenceTtlMs = 30_000;

/** What crosses processes on `presenceChannel` (parsed on receipt: another process sent it). */
export const PresenceSignal = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('set'),
    workspaceId: z.string(),
    ticketId: z.string(),
    connectionId: z.string(),
    userId: z.string(),
    name: z.string(),
    state: PresenceState,
    at: z.number(),
  }),
  z.object({ op: z.literal('drop'), workspaceId: z.string(), connectionId: z.string() }),
]);
export type PresenceSignal = z.infer<typeof PresenceSignal>;

interface Entry {
  workspaceId: string;
  ticketId: string;
  userId: string;
  name: string;
  state: PresenceState;
  seenAt: number;
}

const stateWeight: Record<PresenceState, number> = { viewing: 0, typing_note: 1, typing_reply: 2 };

/** `{ workspaceId, ticketId }` pairs whose viewer list changed. */
export interface TicketKey {
  workspaceId: string;
  ticketId: string;
}

export class PresenceRegistry {
  private readonly entries = new Map<string, Entry>();

  /** Applies a signal; returns the tickets whose presence changed (0, 1 or 2: moved from one to another). */
  apply(signal: PresenceSignal, now: number): TicketKey[] {
    const previous = this.entries.get(signal.connectionId);
    if (signal.op === 'drop') {
      if (!previous || previous.workspaceId !== signal.workspaceId) return [];
      this.entries.delete(signal.connectionId);
      return [{ workspaceId: previous.workspaceId, ticketId: previous.ticketId }];
    }
    const next: Entry = {
      workspaceId: signal.workspaceId,
      ticketId: signal.ticketId,
      userId: signal.userId,
      name: signal.name,
      state: signal.state,
      seenAt: now,
    };
    this.entries.set(signal.connectionId, next);
    const changed: TicketKey[] = [];
    if (previous && (previous.ticketId !== next.ticketId || previous.workspaceId !== next.workspaceId)) {
      changed.push({ workspaceId: previous.workspaceId, ticketId: previous.ticketId });
    }
    // A heartbeat that changes nothing is not worth a push to every viewer.
    if (!previous || changed.length > 0 || previous.state !== next.state || previous.name !== next.name) {
      changed.push({ workspaceId: next.workspaceId, ticketId: next.ticketId });
    }
    return changed;
  }

  /** Drops entries not refreshed within the TTL; returns the tickets that changed. */
  expire(now: number, ttlMs = presenceTtlMs): TicketKey[] {
    const changed = new Map<string, TicketKey>();
    for (const [connectionId, entry] of this.entries) {
      if (now - entry.seenAt > ttlMs) {
        this.entries.delete(connectionId);
        changed.set(`${entry.workspaceId}:${entry.ticketId}`, { workspaceId: entry.workspaceId, ticketId: entry.ticketId });
      }
    }
    return [...changed.values()];
  }

  /** Everyone on the ticket, one row per person (their busiest tab), in a stable order. */
  viewers(workspaceId: string, ticketId: string): PresenceViewer[] {
    const byUser = new Map<string, PresenceViewer>();
    for (const entry of this.entries.values()) {
      if (entry.workspaceId !== workspaceId || entry.ticketId !== ticketId) continue;
      const current = byUser.get(entry.userId);
      if (!current || stateWeight[entry.state] > stateWeight[current.state]) {
        byUser.set(entry.userId, { userId: entry.userId, name: entry.name, state: entry.state });
      }
    }
    return [...byUser.values()].sort((left, right) => left.name.localeCompare(right.name) || left.userId.localeCompare(right.userId));
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * Per-socket limit on presence messages: a token bucket of `capacity` refilled at `perSecond`.
 * A well-behaved client sends a heartbeat every 10 s and at most one typing update per few seconds.
 */
export class RateLimiter {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.last = now;
  }

  take(now: number): boolean {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
