import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { RealtimeEvent } from '../../packages/contracts/src/realtime.ts';
import { bearer, buildTicket, buildWorkspace, signInSession, type WorkspaceFixture } from '../support/factories.ts';
import { startTestRapport, type TestRapport } from '../support/rapport.ts';

let rapport: TestRapport;
let shop: WorkspaceFixture;
let other: WorkspaceFixture;

beforeAll(async () => {
  rapport = await startTestRapport({ role: 'all', listen: true, streamRecheckMs: 200 });
  shop = await buildWorkspace(rapport.deps);
  other = await buildWorkspace(rapport.deps);
});
afterAll(async () => {
  await rapport.stop();
});

function wsUrl(): string {
  return `${rapport.baseUrl.replace('http', 'ws')}/api/v1/stream`;
}

/** Opens the stream and collects events until `until` matches one, or the deadline passes. */
async function openStream(headers: Record<string, string>) {
  const socket = new WebSocket(wsUrl(), { headers });
  const events: RealtimeEvent[] = [];
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  const waiters: { match: (event: RealtimeEvent) => boolean; resolve: (event: RealtimeEvent) => void }[] = [];
  socket.on('message', (data) => {
    const event = JSON.parse(String(data)) as RealtimeEvent; // includes the initial { type: 'hello' }
    events.push(event);
    for (const waiter of [...waiters]) {
      if (waiter.match(event)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) => reject(new Error(`upgrade refused: ${response.statusCode}`)));
  });
  return {
    events,
    next(match: (event: RealtimeEvent) => boolean, timeoutMs = 5000): Promise<RealtimeEvent> {
      const found = events.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no matching realtime event in time')), timeoutMs);
        waiters.push({ match, resolve: (event) => (clearTimeout(timer), resolve(event)) });
      });
    },
    close: () => socket.close(),
    closed,
  };
}

async function waitFor<T>(probe: () => Promise<T | null | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('realtime stream', () => {
  it('refuses the upgrade without a session', async () => {
    await expect(openStream({})).rejects.toThrow(/401/);
  });

  it('pushes another agent\'s change to a signed-in agent, and nothing from other workspaces', async () => {
    const session = await signInSession(rapport.app as NonNullable<typeof rapport.app>, shop.agent.email); // started with role 'all'
    const stream = await openStream({ cookie: session.cookie });
    const ticket = await buildTicket(rapport.deps, shop.lead.actor);
    await buildTicket(rapport.deps, other.lead.actor);
    const created = await stream.next((event) => event.type === 'ticket.created' && event.ticketId === ticket.id);
    expect(created).toMatchObject({ workspaceId: shop.id, ticketNumber: ticket.number, actorId: shop.lead.id });
    const response = await fetch(`${rapport.baseUrl}/api/v1/tickets/${ticket.number}/replies`, {
      method: 'POST',
      headers: { ...bearer(shop.lead), 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'On it.' }),
    });
    expect(response.status).toBe(201);
    await stream.next((event) => event.type === 'message.created' && event.ticketId === ticket.id);
    expect(stream.events.every((event) => (event as { workspaceId: string }).workspaceId === shop.id)).toBe(true);
    stream.close();
  });

  it('refuses a cookie stream opened from another site (cross-site WebSocket hijacking)', async () => {
    const session = await signInSession(rapport.app as NonNullable<typeof rapport.app>, shop.agent.email); // role 'all'
    const stream = await openStream({ cookie: session.cookie, origin: 'https://evil.example' });
    const code = await Promise.race([stream.closed, new Promise<number>((resolve) => setTimeout(() => resolve(-1), 5000))]);
    expect(code).toBe(4403);
    const own = await openStream({ cookie: session.cookie, origin: rapport.baseUrl });
    await own.next((event) => (event as { type: string }).type === 'hello');
    own.close();
  });

  it('disconnects an open stream once its session is signed out', async () => {
    const app = rapport.app as NonNullable<typeof rapport.app>; // started with role 'all'
    const session = await signInSession(app, shop.lead.email);
    const stream = await openStream({ cookie: session.cookie });
    const logout = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken } });
    expect(logout.statusCode).toBe(200);
    const code = await Promise.race([stream.closed, new Promise<number>((resolve) => setTimeout(() => resolve(-1), 5000))]);
    expect(code).toBe(4401);
  });
});

describe('outbox and worker', () => {
  it('delivers ticket.assigned to the notify-assignee listener exactly once per event', async () => {
    const ticket = await buildTicket(rapport.deps, shop.agent.actor);
    const response = await fetch(`${rapport.baseUrl}/api/v1/tickets/${ticket.number}`, {
      method: 'PATCH',
      headers: { ...bearer(shop.agent), 'content-type': 'application/json' },
      body: JSON.stringify({ assigneeId: shop.lead.id }),
    });
    expect(response.status).toBe(200);
    const notifications = await waitFor(async () => {
      const list = await fetch(`${rapport.baseUrl}/api/v1/notifications`, { headers: bearer(shop.lead) });
      const body = (await list.json()) as { items: { kind: string; ticketId: string }[] };
      return body.items.some((item) => item.ticketId === ticket.id) ? body.items : null;
    });
    expect(notifications.filter((item) => item.ticketId === ticket.id)).toEqual([expect.objectContaining({ kind: 'assigned' })]);
    // Re-dispatching the same events (a crash between hand-over and mark) creates nothing new.
    await rapport.database.query('update outbox set dispatched_at = null, claimed_until = null');
    await rapport.dispatcher?.drain();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const rows = await rapport.database.query<{ count: number }>('select count(*)::int as count from notifications where ticket_id = $1', [ticket.id]);
    expect(rows[0]?.count).toBe(1);
    const pending = await rapport.database.query<{ count: number }>('select count(*)::int as count from outbox where dispatched_at is null');
    expect(pending[0]?.count).toBe(0);
  });

  it('does not notify an agent who assigned the ticket to themselves', async () => {
    const ticket = await buildTicket(rapport.deps, shop.agent.actor);
    await fetch(`${rapport.baseUrl}/api/v1/tickets/${ticket.number}`, {
      method: 'PATCH',
      headers: { ...bearer(shop.agent), 'content-type': 'application/json' },
      body: JSON.stringify({ assigneeId: shop.agent.id }),
    });
    await waitFor(async () => {
      const rows = await rapport.database.query<{ count: number }>('select count(*)::int as count from outbox where dispatched_at is null');
      return rows[0]?.count === 0 ? true : null;
    });
    const rows = await rapport.database.query<{ count: number }>('select count(*)::int as count from notifications where ticket_id = $1', [ticket.id]);
    expect(rows[0]?.count).toBe(0);
  });

  it('creates jobs only for the listeners an event can concern: none for an automatic acknowledgement', async () => {
    const ticket = await buildTicket(rapport.deps, shop.agent.actor);
    const publish = async (payload: Record<string, unknown>) => {
      const [row] = await rapport.database.query<{ id: number }>(
        `insert into outbox (workspace_id, topic, version, payload) values ($1, 'message.created', 1, $2::jsonb) returning id`,
        [shop.id, JSON.stringify({ ticketId: ticket.id, workspaceId: shop.id, ...payload })],
      );
      return Number(row!.id);
    };
    // An auto-acknowledgement (outbound, no agent), a customer's email, an agent's reply.
    const acknowledgement = await publish({ messageId: crypto.randomUUID(), direction: 'outbound', actorId: null });
    const customer = await publish({ messageId: crypto.randomUUID(), direction: 'inbound', actorId: null });
    const reply = await publish({ messageId: crypto.randomUUID(), direction: 'outbound', actorId: shop.agent.id });
    await rapport.dispatcher?.drain();
    // The running dispatcher may have claimed them first: wait until they are handed over.
    await waitFor(async () => {
      const [row] = await rapport.database.query<{ pending: number }>('select count(*)::int as pending from outbox where id = any($1::bigint[]) and dispatched_at is null', [[acknowledgement, customer, reply]]);
      return row?.pending === 0 ? true : null;
    });
    const listenersOf = async (eventId: number) =>
      (await rapport.database.query<{ name: string }>(`select name from pgboss.job where (data->>'eventId')::bigint = $1 order by name`, [eventId])).map((row) => row.name);
    expect(await listenersOf(acknowledgement)).toEqual([]);
    // No automation in this workspace takes a customer's reply: no automations job either (see below).
    expect(await listenersOf(customer)).toEqual(['listener.notify-assignee', 'listener.notify-followers']);
    expect(await listenersOf(reply)).toEqual(['listener.auto-follow']);
  });

  it('creates no webhook or automation job for a workspace with nothing for the event, and one once it has', async () => {
    const quiet = await buildWorkspace(rapport.deps);
    const ticket = await buildTicket(rapport.deps, quiet.agent.actor);
    const created = async () => {
      const [row] = await rapport.database.query<{ id: number }>(
        `insert into outbox (workspace_id, topic, version, payload) values ($1, 'ticket.created', 1, $2::jsonb) returning id`,
        [quiet.id, JSON.stringify({ ticketId: ticket.id, workspaceId: quiet.id, channel: 'email', assigneeId: null })],
      );
      const eventId = Number(row!.id);
      await rapport.dispatcher?.drain();
      await waitFor(async () => {
        const [pending] = await rapport.database.query<{ count: number }>('select count(*)::int as count from outbox where id = $1 and dispatched_at is null', [eventId]);
        return pending?.count === 0 ? true : null;
      });
      return (await rapport.database.query<{ name: string }>(`select name from pgboss.job where (data->>'eventId')::bigint = $1 order by name`, [eventId])).map((job) => job.name);
    };
    // No endpoint, no automation, nobody assigned: only routing has anything to do.
    expect(await created()).toEqual(['listener.route-tickets']);
    const response = await fetch(`${rapport.baseUrl}/api/v1/webhooks`, {
      method: 'POST',
      headers: { ...bearer(quiet.admin), 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'http://127.0.0.1:9/hook', topics: ['ticket.created'] }),
    });
    expect(response.status).toBe(201);
    expect(await created()).toEqual(['listener.route-tickets', 'listener.webhooks']);
    const automation = await fetch(`${rapport.baseUrl}/api/v1/automations`, {
      method: 'POST',
      headers: { ...bearer(quiet.admin), 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Tag new', trigger: 'ticket_created', actions: [{ type: 'add_tags', tags: ['new'] }] }),
    });
    expect(automation.status).toBe(201);
    expect(await created()).toEqual(['listener.automations', 'listener.route-tickets', 'listener.webhooks']);
  });
});
