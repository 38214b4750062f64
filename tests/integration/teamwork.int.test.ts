/**
 * Teamwork over the real stream and outbox: presence on a ticket (viewing, typing, leaving,
 * validation, rate limit), followers (follow/unfollow, automatic following) and the
 * notifications they get, each exactly once, never to the actor, delivered live only to the
 * recipient's sockets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { appendEmailToTicket } from '../../apps/server/src/modules/tickets/inbound-message.ts';
import { systemActor } from '../../apps/server/src/platform/actor.ts';
import { bearer, buildTicket, buildWorkspace, signInSession, type Member, type WorkspaceFixture } from '../support/factories.ts';
import { startTestRapport, type TestRapport } from '../support/rapport.ts';

let rapport: TestRapport;
let shop: WorkspaceFixture;
let other: WorkspaceFixture;

interface StreamMessage {
  type: string;
  ticketId?: string;
  userId?: string;
  viewers?: { userId: string; name: string; state: string }[];
  code?: string;
  kind?: string;
}

beforeAll(async () => {
  rapport = await startTestRapport({ role: 'all', listen: true });
  shop = await buildWorkspace(rapport.deps);
  other = await buildWorkspace(rapport.deps);
});
afterAll(async () => {
  await rapport.stop();
});

async function openStream(member: Member) {
  const app = rapport.app as NonNullable<typeof rapport.app>; // role 'all' has an app
  const session = await signInSession(app, member.email);
  const socket = new WebSocket(`${rapport.baseUrl.replace('http', 'ws')}/api/v1/stream`, { headers: { cookie: session.cookie } });
  const messages: StreamMessage[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data)) as StreamMessage));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return {
    messages,
    send: (message: unknown) => socket.send(JSON.stringify(message)),
    async next(match: (message: StreamMessage) => boolean, timeoutMs = 5000, from = 0): Promise<StreamMessage> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.slice(from).find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching stream message in time; got ${JSON.stringify(messages.slice(-5))}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: async () => {
      socket.close();
      await closed;
    },
  };
}

async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function outboxDrained(): Promise<void> {
  await waitFor(async () => {
    const rows = await rapport.database.query<{ count: number }>('select count(*)::int as count from outbox where dispatched_at is null');
    return rows[0]?.count === 0;
  });
  // The dispatcher hands events to the job queue; give the listeners a moment to run.
  await new Promise((resolve) => setTimeout(resolve, 800));
}

async function notificationsOf(member: Member, ticketId: string) {
  const response = await fetch(`${rapport.baseUrl}/api/v1/notifications`, { headers: bearer(member) });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { items: { id: string; kind: string; ticketId: string; data: Record<string, unknown>; readAt: string | null }[]; unreadCount: number };
  return { ...body, items: body.items.filter((item) => item.ticketId === ticketId) };
}

async function api(member: Member, method: string, path: string, body?: unknown) {
  const response = await fetch(`${rapport.baseUrl}/api/v1${path}`, {
    method,
    headers: { ...bearer(member), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function customerReplies(ticket: { id: string; customer: { id: string } }, text: string) {
  await rapport.deps.db.transaction((tx) =>
    appendEmailToTicket(tx, systemActor(shop.id), {
      ticketId: ticket.id,
      customerId: ticket.customer.id,
      isAutomatic: false,
      message: {
        text,
        html: null,
        quotedText: null,
        rawKey: 'test/raw',
        externalId: `<${crypto.randomUUID()}@customer.test>`,
        threadRule: 'references',
        inboundEmailId: crypto.randomUUID(),
        emailMeta: { from: { address: 'customer@example.test', name: 'Customer' }, to: [], cc: [], auth: null, autoSubmitted: null, warnings: [] },
        attachments: [],
        createdAt: rapport.deps.clock.now(),
      },
    }),
  );
}

describe('presence', () => {
  it('shows who is viewing and who is typing a reply or a note, and forgets those who leave', async () => {
    const ticket = await buildTicket(rapport.deps, shop.agent.actor);
    const agent = await openStream(shop.agent);
    const lead = await openStream(shop.lead);
    agent.send({ type: 'presence', ticketId: ticket.id, state: 'viewing' });
    await agent.next((message) => message.type === 'presence' && message.viewers?.length === 1);
    lead.send({ type: 'presence', ticketId: ticket.id, state: 'viewing' });
    const both = await agent.next((message) => message.type === 'presence' && message.viewers?.length === 2);
    expect(both.viewers?.map((viewer) => viewer.userId).sort()).toEqual([shop.agent.id, shop.lead.id].sort());
    // The newcomer learns who was already there.
    await lead.next((message) => message.type === 'presence' && message.viewers?.some((viewer) => viewer.userId === shop.agent.id) === true);

    lead.send({ type: 'presence', ticketId: ticket.id, state: 'typing_reply' });
    const typing = await agent.next((message) => message.type === 'presence' && message.viewers?.some((viewer) => viewer.state === 'typing_reply') === true);
    expect(typing.viewers?.find((viewer) => viewer.userId === shop.lead.id)).toMatchObject({ state: 'typing_reply', name: expect.stringContaining('Lead') });
    lead.send({ type: 'presence', ticketId: ticket.id, state: 'typing_note' });
    await agent.next((message) => message.type === 'presence' && message.viewers?.some((viewer) => viewer.state === 'typing_note') === true);

    const before = agent.messages.length;
    await lead.close();
    const after = await agent.next((message) => message.type === 'presence' && message.viewers?.length === 1, 5000, before);
    expect(after.viewers?.[0]?.userId).toBe(shop.agent.id);
    agent.send({ type: 'presence.leave' });
    await agent.close();
  });

  it('refuses presence on another workspace\'s ticket or malformed messages, and never leaks presence across workspaces', async () => {
    const foreign = await buildTicket(rapport.deps, other.agent.actor);
    const own = await buildTicket(rapport.deps, shop.agent.actor);
    const outsider = await openStream(other.agent);
    const agent = await openStream(shop.agent);
    outsider.send({ type: 'presence', ticketId: own.id, state: 'viewing' });
    expect((await outsider.next((message) => message.type === 'error')).code).toBe('TICKET_NOT_FOUND');
    outsider.send({ type: 'presence', ticketId: foreign.id, state: 'dancing' });
    expect((await outsider.next((message) => message.code === 'VALIDATION_FAILED')).type).toBe('error');
    agent.send({ type: 'presence', ticketId: own.id, state: 'viewing' });
    await agent.next((message) => message.type === 'presence' && message.ticketId === own.id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(outsider.messages.filter((message) => message.type === 'presence')).toEqual([]);
    await outsider.close();
    await agent.close();
  });

  it('rate-limits a socket that floods presence messages', async () => {
    const ticket = await buildTicket(rapport.deps, shop.agent.actor);
    const agent = await openStream(shop.agent);
    for (let index = 0; index < 20; index += 1) agent.send({ type: 'presence', ticketId: ticket.id, state: index % 2 ? 'viewing' : 'typing_reply' });
    expect((await agent.next((message) => message.code === 'RATE_LIMITED')).type).toBe('error');
    await agent.close();
  });
});

describe('followers and their notifications', () => {
  it('follows and unfollows a ticket, for yourself or a teammate', async () => {
    const ticket = await buildTicket(rapport.deps, shop.agent.actor);
    const followed = await api(shop.agent, 'POST', `/tickets/${ticket.number}/followers`, {});
    expect(followed).toMatchObject({ status: 200, body: { isFollowing: true, items: [expect.objectContaining({ userId: shop.agent.id })] } });
    const teammate = await api(shop.agent, 'POST', `/tickets/${ticket.number}/followers`, { userId: shop.lead.id });
    expect((teammate.body['items'] as unknown[]).length).toBe(2);
    const outsider = await api(shop.agent, 'POST', `/tickets/${ticket.number}/followers`, { userId: other.agent.id });
    expect(outsider.status).toBe(404);
    const unfollowed = await api(shop.agent, 'DELETE', `/tickets/${ticket.number}/followers/me`);
    expect(unfollowed.body).toMatchObject({ isFollowing: false, items: [expect.objectContaining({ userId: shop.lead.id })] });
    const asLead = await api(shop.lead, 'GET', `/tickets/${ticket.id}/followers`);
    expect(asLead.body).toMatchObject({ isFollowing: true });
    expect((await api(other.agent, 'GET', `/tickets/${ticket.id}/followers`)).status).toBe(404);
  });

  it('makes the assignee, repliers and mentioned teammates follow automatically', async () => {
    const ticket = await buildTicket(rapport.deps, shop.agent.actor, { assigneeId: shop.lead.id });
    await api(shop.admin, 'POST', `/tickets/${ticket.number}/replies`, { text: 'Looking into it.' });
    const followerIds = async () => {
      const list = await api(shop.agent, 'GET', `/tickets/${ticket.number}/followers`);
      return (list.body['items'] as { userId: string }[]).map((item) => item.userId).sort();
    };
    const ids = await waitFor(async () => ((await followerIds()).length >= 2 ? followerIds() : null));
    expect(ids).toEqual([shop.lead.id, shop.admin.id].sort());
    const note = await api(shop.admin, 'POST', `/tickets/${ticket.number}/notes`, { text: 'Agent, can you check the warehouse?', mentions: [shop.agent.id] });
    expect(note.status).toBe(201);
    expect(await waitFor(async () => ((await followerIds()).includes(shop.agent.id) ? true : null))).toBe(true);
    expect(await followerIds()).toEqual([shop.lead.id, shop.admin.id, shop.agent.id].sort());
  });

  it('tells followers of a customer reply and of a note exactly once, never the actor, live only to the recipient', async () => {
    const ticket = await buildTicket(rapport.deps, shop.agent.actor, { assigneeId: shop.lead.id });
    await api(shop.agent, 'POST', `/tickets/${ticket.number}/followers`, {});
    await api(shop.agent, 'POST', `/tickets/${ticket.number}/followers`, { userId: shop.admin.id });
    await outboxDrained();
    const agentStream = await openStream(shop.agent);
    const adminStream = await openStream(shop.admin);

    await customerReplies(ticket, 'Any news about my parcel?\n\nThanks, Customer');
    await waitFor(async () => (await notificationsOf(shop.lead, ticket.id)).items.length > 0 && (await notificationsOf(shop.agent, ticket.id)).items.length > 0);
    await outboxDrained();
    const agentNotes = await notificationsOf(shop.agent, ticket.id);
    expect(agentNotes.items).toEqual([
      expect.objectContaining({ kind: 'reply', readAt: null, data: expect.objectContaining({ number: ticket.number, subject: ticket.subject, excerpt: 'Any news about my parcel? Thanks, Customer' }) }),
    ]);
    // The assignee hears it as customer_replied (notify-assignee), not twice.
    expect((await notificationsOf(shop.lead, ticket.id)).items.map((item) => item.kind)).toEqual(['customer_replied']);
    await agentStream.next((message) => message.type === 'notification.created' && message.kind === 'reply');
    await adminStream.next((message) => message.type === 'notification.created' && message.kind === 'reply');

    // A note by the agent: the other followers hear of it, the agent does not.
    const note = await api(shop.agent, 'POST', `/tickets/${ticket.number}/notes`, { text: 'Carrier says it is in the depot.' });
    expect(note.status).toBe(201);
    await waitFor(async () => (await notificationsOf(shop.admin, ticket.id)).items.length === 2);
    await outboxDrained();
    expect((await notificationsOf(shop.agent, ticket.id)).items.map((item) => item.kind)).toEqual(['reply']);
    const adminNotes = await notificationsOf(shop.admin, ticket.id);
    expect(adminNotes.items.map((item) => item.kind).sort()).toEqual(['note', 'reply']);
    expect(adminNotes.items.find((item) => item.kind === 'note')?.data).toMatchObject({ actorName: expect.stringContaining('Agent'), excerpt: 'Carrier says it is in the depot.' });
    await adminStream.next((message) => message.type === 'notification.created' && message.kind === 'note');
    expect(agentStream.messages.filter((message) => message.type === 'notification.created' && message.kind === 'note')).toEqual([]);
    expect(agentStream.messages.filter((message) => message.type === 'notification.created').every((message) => message.userId === shop.agent.id)).toBe(true);

    // Redelivering every event creates nothing new.
    await rapport.database.query('update outbox set dispatched_at = null, claimed_until = null where workspace_id = $1', [shop.id]);
    await rapport.dispatcher?.drain();
    await outboxDrained();
    expect((await notificationsOf(shop.admin, ticket.id)).items).toHaveLength(2);
    await agentStream.close();
    await adminStream.close();
  });

  it('marks notifications read one by one or all at once', async () => {
    const ticket = await buildTicket(rapport.deps, shop.agent.actor);
    await api(shop.agent, 'PATCH', `/tickets/${ticket.number}`, { assigneeId: shop.admin.id });
    await waitFor(async () => (await notificationsOf(shop.admin, ticket.id)).items.length > 0);
    const before = await notificationsOf(shop.admin, ticket.id);
    expect(before.items).toEqual([expect.objectContaining({ kind: 'assigned', data: expect.objectContaining({ actorName: expect.stringContaining('Agent') }) })]);
    expect(before.unreadCount).toBeGreaterThan(0);
    const first = before.items[0]?.id;
    expect((await api(shop.admin, 'POST', '/notifications/read', { ids: [first] })).body).toEqual({ updated: 1 });
    expect((await api(shop.admin, 'POST', '/notifications/read-all', {})).status).toBe(200);
    const after = await notificationsOf(shop.admin, ticket.id);
    expect(after.unreadCount).toBe(0);
    expect(after.items.every((item) => item.readAt !== null)).toBe(true);
  });
});
