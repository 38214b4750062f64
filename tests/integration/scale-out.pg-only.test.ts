/**
 * Production shape on PostgreSQL: two web instances and a separate worker, each with its own
 * connections. A change made through one web instance reaches a WebSocket client of the other
 * (LISTEN/NOTIFY across connections), and only the worker runs the outbox listeners.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createPostgresDatabase } from '../../packages/db/src/postgres-database.ts';
import type { Database } from '../../packages/db/src/database.ts';
import { bearer, buildTicket, buildWorkspace, signInSession, type WorkspaceFixture } from '../support/factories.ts';
import { createTestDatabase } from '../support/database.ts';
import { startTestRapport, type TestRapport } from '../support/rapport.ts';

let primary: Database & { pool?: unknown };
const extra: Database[] = [];
let webA: TestRapport;
let webB: TestRapport;
let worker: TestRapport;
let shop: WorkspaceFixture;

async function anotherConnection(): Promise<Database> {
  const url = new URL((primary as unknown as { pool: { options: { connectionString: string } } }).pool.options.connectionString); // the test database's own URL
  const database = await createPostgresDatabase({ connectionString: url.toString(), poolSize: 4 });
  extra.push(database);
  return database;
}

beforeAll(async () => {
  primary = await createTestDatabase();
  webA = await startTestRapport({ role: 'web', listen: true, database: primary });
  webB = await startTestRapport({ role: 'web', listen: true, database: await anotherConnection() });
  worker = await startTestRapport({ role: 'worker', database: await anotherConnection() });
  shop = await buildWorkspace(webA.deps);
});
afterAll(async () => {
  await worker?.stop();
  await webB?.stop();
  await webA?.stop();
  for (const database of extra) await database.close();
  await primary?.close();
});

describe('scale-out on PostgreSQL', () => {
  it('fans a change made on one web instance out to a client of another', async () => {
    const session = await signInSession(webB.app as NonNullable<typeof webB.app>, shop.agent.email); // web role has an app
    const socket = new WebSocket(`${webB.baseUrl.replace('http', 'ws')}/api/v1/stream`, { headers: { cookie: session.cookie } });
    const received: { type: string; ticketId?: string }[] = [];
    socket.on('message', (data) => received.push(JSON.parse(String(data)) as { type: string }));
    await new Promise((resolve, reject) => (socket.once('open', resolve), socket.once('error', reject)));
    const ticket = await buildTicket(webA.deps, shop.agent.actor);
    const response = await fetch(`${webA.baseUrl}/api/v1/tickets/${ticket.number}`, {
      method: 'PATCH',
      headers: { ...bearer(shop.agent), 'content-type': 'application/json' },
      body: JSON.stringify({ assigneeId: shop.lead.id }),
    });
    expect(response.status).toBe(200);
    const deadline = Date.now() + 10_000;
    while (!received.some((event) => event.type === 'ticket.updated' && event.ticketId === ticket.id) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(received.some((event) => event.type === 'ticket.updated' && event.ticketId === ticket.id)).toBe(true);
    socket.close();

    // The worker, not the web instances, dispatches the outbox and runs notify-assignee.
    expect(webA.dispatcher).toBeNull();
    expect(worker.dispatcher).not.toBeNull();
    while (Date.now() < deadline + 10_000) {
      const rows = await primary.query<{ count: number }>('select count(*)::int as count from notifications where ticket_id = $1', [ticket.id]);
      if (rows[0]?.count === 1) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const rows = await primary.query<{ user_id: string }>('select user_id from notifications where ticket_id = $1', [ticket.id]);
    expect(rows.map((row) => row.user_id)).toEqual([shop.lead.id]);
  });
});
