import { z } from 'zod';
import type { Database } from '@rapport/db/database';
import { NotificationEvent, RealtimeEvent, type PresenceEvent, type PresenceViewer } from '@rapport/contracts/realtime';
import type { Logger } from './logger.ts';
import { realtimeChannel } from './events.ts';
import { PresenceRegistry, presenceChannel, presenceTtlMs, PresenceSignal, type TicketKey } from './presence.ts';
import { findMemberName, isWorkspaceTicket, notifyPresence } from './presence.queries.ts';

/** Everything a stream may push: committed changes, a user's new notification, presence on a ticket. */
export type StreamMessage = RealtimeEvent | NotificationEvent | PresenceEvent;
export type RealtimeHandler = (event: StreamMessage) => void;

/** Fan-out of committed changes (and of presence) to every web process's WebSocket clients. */
export interface RealtimeBus {
  subscribe(workspaceId: string, handler: RealtimeHandler): () => void;
  /** Announces a presence change to every web process; each updates its registry and tells its viewers. */
  publishPresence(signal: PresenceSignal): Promise<void>;
  /** Who is on a ticket now, as this process knows it. */
  viewers(workspaceId: string, ticketId: string): PresenceViewer[];
  /** Presence is only accepted on a ticket of the sender's workspace. */
  isWorkspaceTicket(workspaceId: string, ticketId: string): Promise<boolean>;
  /** The name teammates see; null for someone no longer an active member. */
  memberName(workspaceId: string, userId: string): Promise<string | null>;
  close(): Promise<void>;
}

const BusMessage = z.union([RealtimeEvent, NotificationEvent]);

/** How often stale presence (no heartbeat for `presenceTtlMs`) is swept. */
const sweepMs = 5_000;

/**
 * Built on the database's LISTEN/NOTIFY: on PostgreSQL it crosses processes; on PGlite it is the
 * in-process notification of the single embedded connection. Presence rides its own channel.
 */
export async function createDatabaseRealtimeBus(database: Database, logger: Logger, options: { ttlMs?: number } = {}): Promise<RealtimeBus> {
  const subscribers = new Map<string, Set<RealtimeHandler>>();
  const registry = new PresenceRegistry();
  const ttlMs = options.ttlMs ?? presenceTtlMs;

  function deliver(workspaceId: string, event: StreamMessage) {
    for (const handler of subscribers.get(workspaceId) ?? []) {
      try {
        handler(event);
      } catch (error) {
        logger.error({ err: error }, 'realtime subscriber failed');
      }
    }
  }

  function announce(changed: TicketKey[]) {
    const at = new Date().toISOString();
    for (const { workspaceId, ticketId } of changed) {
      deliver(workspaceId, { type: 'presence', workspaceId, ticketId, viewers: registry.viewers(workspaceId, ticketId), at });
    }
  }

  const unlisten = await database.listen(realtimeChannel, (payload) => {
    let event: RealtimeEvent | NotificationEvent;
    try {
      event = BusMessage.parse(JSON.parse(payload));
    } catch (error) {
      logger.warn({ err: error }, 'ignoring a malformed realtime notification');
      return;
    }
    deliver(event.workspaceId, event);
  });
  const unlistenPresence = await database.listen(presenceChannel, (payload) => {
    let signal: PresenceSignal;
    try {
      signal = PresenceSignal.parse(JSON.parse(payload));
    } catch (error) {
      logger.warn({ err: error }, 'ignoring a malformed presence notification');
      return;
    }
    announce(registry.apply(signal, Date.now()));
  });
  const sweeper = setInterval(() => announce(registry.expire(Date.now(), ttlMs)), Math.min(sweepMs, ttlMs));
  sweeper.unref();

  return {
    subscribe(workspaceId, handler) {
      let set = subscribers.get(workspaceId);
      if (!set) {
        set = new Set();
        subscribers.set(workspaceId, set);
      }
      set.add(handler);
      return () => {
        set.delete(handler);
      };
    },
    async publishPresence(signal) {
      await notifyPresence(database, presenceChannel, JSON.stringify(signal));
    },
    viewers(workspaceId, ticketId) {
      return registry.viewers(workspaceId, ticketId);
    },
    isWorkspaceTicket: (workspaceId, ticketId) => isWorkspaceTicket(database, workspaceId, ticketId),
    memberName: (workspaceId, userId) => findMemberName(database, workspaceId, userId),
    async close() {
      clearInterval(sweeper);
      subscribers.clear();
      await unlistenPresence();
      await unlisten();
    },
  };
}
