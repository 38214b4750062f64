/**
 * Presence across web processes on PostgreSQL: two web instances, each with its own connections.
 * An agent on instance A and another on instance B see each other on the same ticket, typing
 * included, and B's agent disappears from A's view when B's socket closes (LISTEN/NOTIFY on the
 * presence channel; nothing is stored).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createPostgresDatabase } from '../../packages/db/src/postgres-database.ts';
import type { Database } from '../../packages/db/src/database.ts';
import { buildTicket, buildWorkspace, signInSession, type Member, type WorkspaceFixture } from '../support/factories.ts';
import { createTestDatabase } from '../support/database.ts';
import { startTestRapport, type TestRapport } from '../support/rapport.ts';

let primary: Database;
let second: Database;
let webA: TestRapport;
let webB: TestRapport;
let shop: WorkspaceFixture;

interface Presence {
  type: string;
  ticketId?: string;
  viewers?: { userId: string; state: string }[];
}

beforeAll(async () => {
  primary = await createTestDatabase();
  const url = (primary as unknown as { pool: { options: { connectionString: string } } }).pool.options.connectionString; // the test database's own URL
  second = await createPostgresDatabase({ connectionString: url, poolSize: 4 });
  webA = await startTestRapport({ role: 'web', listen: true, database: primary });
  webB = await startTestRapport({ role: 'web', listen: true, database: second });
  shop = await buildWorkspace(webA.deps);
});
afterAll(async () => {
  await webB?.stop();
  await webA?.stop();
  await second?.close();
  await primary?.close();
});

async function openStream(web: TestRapport, member: Member) {
  const session = await signInSession(web.app as NonNullable<typeof web.app>, member.email); // web role has an app
  const socket = new WebSocket(`${web.baseUrl.replace('http', 'ws')}/api/v1/stream`, { headers: { cookie: session.cookie } });
  const messages: Presence[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data)) as Presence));
  await new Promise((resolve, reject) => (socket.once('open', resolve), socket.once('error', reject)));
  return {
    messages,
    socket,
    async next(match: (message: Presence) => boolean, from = 0): Promise<Presence> {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const found = messages.slice(from).find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching presence in time; got ${JSON.stringify(messages.slice(-3))}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
  };
}

describe('presence across web instances on PostgreSQL', () => {
  it('shows agents on different instances to each other, typing included, and drops a closed socket', async () => {
    const ticket = await buildTicket(webA.deps, shop.agent.actor);
    const onA = await openStream(webA, shop.agent);
    const onB = await openStream(webB, shop.lead);
    onA.socket.send(JSON.stringify({ type: 'presence', ticketId: ticket.id, state: 'viewing' }));
    await onA.next((message) => message.type === 'presence' && message.viewers?.length === 1);
    onB.socket.send(JSON.stringify({ type: 'presence', ticketId: ticket.id, state: 'typing_reply' }));
    const seenOnA = await onA.next((message) => message.type === 'presence' && message.viewers?.length === 2);
    expect(seenOnA.viewers?.find((viewer) => viewer.userId === shop.lead.id)?.state).toBe('typing_reply');
    const seenOnB = await onB.next((message) => message.type === 'presence' && message.viewers?.length === 2);
    expect(seenOnB.viewers?.map((viewer) => viewer.userId).sort()).toEqual([shop.agent.id, shop.lead.id].sort());

    const before = onA.messages.length;
    onB.socket.close();
    const after = await onA.next((message) => message.type === 'presence' && message.viewers?.length === 1, before);
    expect(after.viewers?.[0]?.userId).toBe(shop.agent.id);
    onA.socket.close();
  });
});
