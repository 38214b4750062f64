import type { Database } from '@rapport/db/database';
import { RealtimeEvent } from '@rapport/contracts/realtime';
import type { Logger } from './logger.ts';
import { realtimeChannel } from './events.ts';

export type RealtimeHandler = (event: RealtimeEvent) => void;

/** Fan-out of committed changes to every web process's WebSocket clients. */
export interface RealtimeBus {
  subscribe(workspaceId: string, handler: RealtimeHandler): () => void;
  close(): Promise<void>;
}

/**
 * Built on the database's LISTEN/NOTIFY: on PostgreSQL it crosses processes; on PGlite it is the
 * in-process notification of the single embedded connection.
 */
export async function createDatabaseRealtimeBus(database: Database, logger: Logger): Promise<RealtimeBus> {
  const subscribers = new Map<string, Set<RealtimeHandler>>();
  const unlisten = await database.listen(realtimeChannel, (payload) => {
    let event: RealtimeEvent;
    try {
      event = RealtimeEvent.parse(JSON.parse(payload));
    } catch (error) {
      logger.warn({ err: error }, 'ignoring a malformed realtime notification');
      return;
    }
    for (const handler of subscribers.get(event.workspaceId) ?? []) {
      try {
        handler(event);
      } catch (error) {
        logger.error({ err: error }, 'realtime subscriber failed');
      }
    }
  });
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
    async close() {
      subscribers.clear();
      await unlisten();
    },
  };
}
