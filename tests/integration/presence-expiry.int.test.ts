/**
 * Presence is never stored and never outlives its heartbeat: a web process that dies without
 * saying goodbye (its drop never arrives) has its agents swept from every other process after
 * the TTL. Runs against the real bus on PGlite and PostgreSQL with a short TTL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../packages/db/src/database.ts';
import type { PresenceEvent } from '../../packages/contracts/src/realtime.ts';
import { createLogger } from '../../apps/server/src/platform/logger.ts';
import { createDatabaseRealtimeBus, type RealtimeBus, type StreamMessage } from '../../apps/server/src/platform/realtime-bus.ts';
import { createTestDatabase } from '../support/database.ts';

let database: Database;
let bus: RealtimeBus;

beforeAll(async () => {
  database = await createTestDatabase();
  bus = await createDatabaseRealtimeBus(database, createLogger({ level: 'silent' }), { ttlMs: 1000 });
});
afterAll(async () => {
  await bus?.close();
  await database?.close();
});

describe('presence expiry', () => {
  it('announces a viewer, keeps them while they heartbeat, and sweeps them once silent', async () => {
    const workspaceId = crypto.randomUUID();
    const ticketId = crypto.randomUUID();
    const userId = crypto.randomUUID();
    const received: PresenceEvent[] = [];
    const unsubscribe = bus.subscribe(workspaceId, (event: StreamMessage) => {
      if (event.type === 'presence') received.push(event);
    });
    const signal = { op: 'set' as const, workspaceId, ticketId, connectionId: 'gone-process-socket', userId, name: 'Maria', state: 'typing_reply' as const, at: Date.now() };
    await bus.publishPresence(signal);
    const waitFor = async (match: () => boolean, what: string) => {
      const deadline = Date.now() + 5000;
      while (!match()) {
        if (Date.now() > deadline) throw new Error(`${what} did not happen in time`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    await waitFor(() => received.some((event) => event.viewers.length === 1), 'the arrival');
    expect(bus.viewers(workspaceId, ticketId)).toEqual([{ userId, name: 'Maria', state: 'typing_reply' }]);
    // Heartbeats keep the entry alive past one TTL.
    const arrivedAt = Date.now();
    let dropsWhileBeating = 0;
    while (Date.now() - arrivedAt < 1800) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      if (bus.viewers(workspaceId, ticketId).length === 0) dropsWhileBeating += 1;
      await bus.publishPresence({ ...signal, at: Date.now() });
    }
    expect(dropsWhileBeating).toBe(0);
    // Then silence: swept, and the viewers of the ticket are told.
    await waitFor(() => bus.viewers(workspaceId, ticketId).length === 0, 'the sweep');
    await waitFor(() => received.at(-1)?.viewers.length === 0, 'the announcement');
    expect(received.every((event) => event.workspaceId === workspaceId && event.ticketId === ticketId)).toBe(true);
    unsubscribe();
  });
});
