/**
 * SLA policies and clocks end to end through the API, on both databases: policy selection, the
 * three clocks over a real email conversation, pausing while pending, solve and reopen, the
 * monitor's warnings and breaches (events, audit, list filter and sort), business hours, and the
 * re-evaluation of open tickets after a policy change.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlaPolicyDto, TicketSlaList } from '@rapport/contracts/service';
import type { TicketDetail, TicketPage } from '@rapport/contracts/tickets';
import { startTestRapport, type TestRapport } from '../../../../../tests/support/rapport.ts';
import { apiAs } from '../../../../../tests/support/api-client.ts';
import { buildEmailShop, type EmailShop } from '../../../../../tests/support/email.ts';
import { buildWorkspace } from '../../../../../tests/support/factories.ts';
import { startInboundProcessor } from '../email/inbound-processor.ts';
import { receiveEmail } from '../email/receive-email.ts';
import { markDueSlaClocks } from './sla-monitor.ts';
import { reevaluateOpenTickets } from './sla.ts';

let rapport: TestRapport;

beforeAll(async () => {
  rapport = await startTestRapport({ role: 'web' });
});
afterAll(async () => {
  await rapport?.stop();
});

const uid = () => randomBytes(5).toString('hex');
const minute = 60_000;

async function inboundEmail(shop: EmailShop, options: { from: string; messageId: string; inReplyTo?: string; subject: string; autoSubmitted?: string }): Promise<void> {
  const raw = Buffer.from(
    [
      `From: Customer <${options.from}>`,
      `To: ${shop.address}`,
      `Subject: ${options.subject}`,
      `Message-ID: ${options.messageId}`,
      ...(options.inReplyTo ? [`In-Reply-To: ${options.inReplyTo}`, `References: ${options.inReplyTo}`] : []),
      ...(options.autoSubmitted ? [`Auto-Submitted: ${options.autoSubmitted}`] : []),
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Hello, my parcel has not arrived yet. Where is it?',
      '',
    ].join('\r\n'),
  );
  await receiveEmail(rapport.deps, { raw, source: 'smtp', envelopeFrom: options.from, envelopeTo: [shop.address] });
  const processor = await startInboundProcessor(rapport.deps, { pollMs: 60_000, batch: false });
  await processor.drain();
  await processor.stop();
}

async function createPolicy(shop: EmailShop, body: Record<string, unknown>): Promise<SlaPolicyDto> {
  const response = await apiAs(rapport, shop.workspace.admin).post('/api/v1/sla-policies', body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as SlaPolicyDto;
}

async function clocks(shop: EmailShop, ticketId: string): Promise<Record<string, TicketSlaList['items'][number]>> {
  const response = await apiAs(rapport, shop.workspace.agent).get(`/api/v1/tickets/${ticketId}/sla`);
  expect(response.statusCode, response.body).toBe(200);
  return Object.fromEntries((response.json() as TicketSlaList).items.map((item) => [item.metric, item]));
}

async function ticketOfSender(shop: EmailShop, address: string): Promise<TicketDetail> {
  const [row] = await rapport.database.query<{ id: string }>(
    `select t.id from tickets t join customer_identities ci on ci.workspace_id = t.workspace_id and ci.customer_id = t.customer_id
      where t.workspace_id = $1 and ci.value = $2 order by t.created_at desc limit 1`,
    [shop.workspace.id, address],
  );
  const response = await apiAs(rapport, shop.workspace.agent).get(`/api/v1/tickets/${row!.id}`);
  return response.json() as TicketDetail;
}

/** Around the clock, so figures do not depend on when the test runs. */
async function aroundTheClock(shop: EmailShop): Promise<void> {
  const weekly = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: '00:00', end: '24:00' }));
  const response = await apiAs(rapport, shop.workspace.admin).put('/api/v1/business-hours', { weekly, holidays: [] });
  expect(response.statusCode, response.body).toBe(200);
}

const later = (ms: number) => ({ db: rapport.deps.db, clock: { now: () => new Date(Date.now() + ms) } });

describe('SLA policies and clocks', () => {
  it('runs first reply, next reply and resolution clocks over a conversation, pausing while pending', async () => {
    const shop = await buildEmailShop(rapport);
    await aroundTheClock(shop);
    // The first matching policy wins: "urgent" does not match a normal ticket, "everyone" does.
    await createPolicy(shop, { name: 'Urgent', priorities: ['urgent'], firstReplyMinutes: 15 });
    const policy = await createPolicy(shop, { name: 'Everyone', firstReplyMinutes: 60, nextReplyMinutes: 30, resolutionMinutes: 480, warnMinutes: 10 });
    const customer = `sla-${uid()}@customer.test`;
    const firstId = `<first-${uid()}@customer.test>`;
    const before = Date.now();
    await inboundEmail(shop, { from: customer, messageId: firstId, subject: 'Where is my parcel?' });
    const ticket = await ticketOfSender(shop, customer);
    const created = new Date(ticket.createdAt).getTime();

    let state = await clocks(shop, ticket.id);
    expect(Object.keys(state).sort()).toEqual(['first_reply', 'resolution']);
    expect(state['first_reply']).toMatchObject({ state: 'running', targetMinutes: 60, policy: { id: policy.id, name: 'Everyone' }, warning: false });
    expect(new Date(state['first_reply']!.dueAt!).getTime()).toBe(created + 60 * minute);
    expect(new Date(state['resolution']!.dueAt!).getTime()).toBe(created + 480 * minute);
    // The list row carries the clock due soonest.
    expect(ticket.sla).toMatchObject({ metric: 'first_reply', state: 'running', warning: false });

    // Our reply stops the first-reply clock in time; no next-reply clock until the customer writes.
    const agent = apiAs(rapport, shop.workspace.agent);
    expect((await agent.post(`/api/v1/tickets/${ticket.id}/replies`, { text: 'We are looking into it.' })).statusCode).toBe(201);
    state = await clocks(shop, ticket.id);
    expect(state['first_reply']).toMatchObject({ state: 'met', dueAt: null });
    expect(state['next_reply']).toBeUndefined();

    // An out-of-office answer is not the customer waiting for us: no next-reply clock.
    await inboundEmail(shop, { from: customer, messageId: `<ooo-${uid()}@customer.test>`, inReplyTo: firstId, subject: 'Out of office', autoSubmitted: 'auto-replied' });
    expect((await clocks(shop, ticket.id))['next_reply']).toBeUndefined();

    // The customer answers: the next-reply clock starts at their message.
    await inboundEmail(shop, { from: customer, messageId: `<second-${uid()}@customer.test>`, inReplyTo: firstId, subject: 'Re: Where is my parcel?' });
    state = await clocks(shop, ticket.id);
    expect(state['next_reply']).toMatchObject({ state: 'running', targetMinutes: 30 });
    const nextStarted = new Date(state['next_reply']!.startedAt).getTime();
    expect(nextStarted).toBeGreaterThanOrEqual(before);
    expect(new Date(state['next_reply']!.dueAt!).getTime()).toBe(nextStarted + 30 * minute);

    // Pending on the customer: every clock pauses (no due time) …
    expect((await agent.post(`/api/v1/tickets/${ticket.id}/replies`, { text: 'Could you send the order number?', status: 'pending' })).statusCode).toBe(201);
    state = await clocks(shop, ticket.id);
    expect(state['next_reply']).toMatchObject({ state: 'met' });
    expect(state['resolution']).toMatchObject({ state: 'paused', dueAt: null });
    const pausedElapsed = state['resolution']!.elapsedMinutes;
    // … and resumes with the time already counted when the ticket is open again.
    const reopenedAt = Date.now();
    expect((await agent.patch(`/api/v1/tickets/${ticket.id}`, { status: 'open' })).statusCode).toBe(200);
    state = await clocks(shop, ticket.id);
    expect(state['resolution']!.state).toBe('running');
    const due = new Date(state['resolution']!.dueAt!).getTime();
    expect(due).toBeGreaterThanOrEqual(reopenedAt + (480 - pausedElapsed) * minute - 1_000);
    expect(due).toBeLessThanOrEqual(Date.now() + (480 - pausedElapsed) * minute + 1_000);

    // Solved: met; reopened by the customer: running again from where it stopped.
    expect((await agent.patch(`/api/v1/tickets/${ticket.id}`, { status: 'solved' })).statusCode).toBe(200);
    expect((await clocks(shop, ticket.id))['resolution']).toMatchObject({ state: 'met', dueAt: null });
    await inboundEmail(shop, { from: customer, messageId: `<third-${uid()}@customer.test>`, inReplyTo: firstId, subject: 'Re: Where is my parcel?' });
    state = await clocks(shop, ticket.id);
    expect(state['resolution']).toMatchObject({ state: 'running', stoppedAt: null });
    expect(state['next_reply']).toMatchObject({ state: 'running' });
  });

  it('warns before and records a breach when a running clock passes its due time: events, audit, list filter and sort', async () => {
    const shop = await buildEmailShop(rapport);
    await aroundTheClock(shop);
    await createPolicy(shop, { name: 'Fast', firstReplyMinutes: 20, warnMinutes: 5 });
    const slow = `slow-${uid()}@customer.test`;
    const fast = `fast-${uid()}@customer.test`;
    await inboundEmail(shop, { from: slow, messageId: `<${uid()}@customer.test>`, subject: 'First one' });
    await inboundEmail(shop, { from: fast, messageId: `<${uid()}@customer.test>`, subject: 'Second one' });
    const first = await ticketOfSender(shop, slow);
    const second = await ticketOfSender(shop, fast);

    // 16 minutes on: inside the warning window of both, breached by neither.
    await markDueSlaClocks(later(16 * minute));
    const warnings = await rapport.database.query<{ payload: Record<string, unknown> }>(
      "select payload from outbox where workspace_id = $1 and topic = 'sla.warning' order by id",
      [shop.workspace.id],
    );
    expect(warnings.map((row) => row.payload['ticketId']).sort()).toEqual([first.id, second.id].sort());
    expect(warnings[0]!.payload).toMatchObject({ metric: 'first_reply', targetMinutes: 20 });
    // Marking is once: a second pass writes nothing.
    expect(await markDueSlaClocks(later(16 * minute))).toBe(0);

    // Reply to the second ticket in time; then 21 minutes on the first one breaches.
    const agent = apiAs(rapport, shop.workspace.agent);
    expect((await agent.post(`/api/v1/tickets/${second.id}/replies`, { text: 'On it.' })).statusCode).toBe(201);
    await markDueSlaClocks(later(21 * minute));
    const breaches = await rapport.database.query<{ payload: Record<string, unknown> }>(
      "select payload from outbox where workspace_id = $1 and topic = 'sla.breached'",
      [shop.workspace.id],
    );
    expect(breaches.map((row) => row.payload['ticketId'])).toEqual([first.id]);
    const audit = await rapport.database.query<{ action: string; actor_type: string }>(
      "select action, actor_type from audit_log where workspace_id = $1 and subject_id = $2 and action like 'sla.%' order by id",
      [shop.workspace.id, first.id],
    );
    expect(audit.map((row) => row.action)).toEqual(['sla.warning', 'sla.breached']);
    expect(audit[0]!.actor_type).toBe('system');
    const state = await clocks(shop, first.id);
    expect(state['first_reply']).toMatchObject({ state: 'breached', warning: true });
    expect(new Date(state['first_reply']!.breachedAt!).getTime()).toBe(new Date(first.createdAt).getTime() + 20 * minute);

    // A late reply keeps the breach.
    expect((await agent.post(`/api/v1/tickets/${first.id}/replies`, { text: 'Sorry for the wait.' })).statusCode).toBe(201);
    expect((await clocks(shop, first.id))['first_reply']).toMatchObject({ state: 'breached' });
    expect((await clocks(shop, second.id))['first_reply']).toMatchObject({ state: 'met', breachedAt: null });
  });

  it('records the breach of a clock that stops late before the monitor saw it', async () => {
    const shop = await buildEmailShop(rapport);
    await aroundTheClock(shop);
    await createPolicy(shop, { name: 'Fast', firstReplyMinutes: 20, warnMinutes: 5 });
    const sender = `late-${uid()}@customer.test`;
    await inboundEmail(shop, { from: sender, messageId: `<${uid()}@customer.test>`, subject: 'Waited long' });
    const ticket = await ticketOfSender(shop, sender);
    // The ticket came in 30 minutes ago (and the monitor has been down since).
    await rapport.database.query("update tickets set created_at = created_at - interval '30 minutes' where workspace_id = $1 and id = $2", [shop.workspace.id, ticket.id]);
    await rapport.database.query(
      "update ticket_slas set started_at = started_at - interval '30 minutes', running_since = running_since - interval '30 minutes', due_at = due_at - interval '30 minutes' where workspace_id = $1 and ticket_id = $2",
      [shop.workspace.id, ticket.id],
    );
    expect((await apiAs(rapport, shop.workspace.agent).post(`/api/v1/tickets/${ticket.id}/replies`, { text: 'Sorry for the wait.' })).statusCode).toBe(201);
    const clock = (await clocks(shop, ticket.id))['first_reply']!;
    expect(clock).toMatchObject({ state: 'breached' });
    const events = await rapport.database.query<{ payload: Record<string, unknown> }>("select payload from outbox where workspace_id = $1 and topic = 'sla.breached'", [shop.workspace.id]);
    expect(events.map((row) => row.payload)).toEqual([expect.objectContaining({ ticketId: ticket.id, metric: 'first_reply', at: clock.breachedAt })]);
    // Nothing left for the monitor to find.
    await markDueSlaClocks(later(60 * minute));
    expect(await rapport.database.query("select 1 from outbox where workspace_id = $1 and topic = 'sla.breached'", [shop.workspace.id])).toHaveLength(1);
  });

  it('filters and sorts ticket lists by SLA state and due time', async () => {
    const shop = await buildEmailShop(rapport);
    await aroundTheClock(shop);
    await createPolicy(shop, { name: 'Urgent', priorities: ['urgent'], firstReplyMinutes: 30 });
    await createPolicy(shop, { name: 'Normal', priorities: ['normal'], firstReplyMinutes: 240 });
    const senders = [`a-${uid()}@customer.test`, `b-${uid()}@customer.test`, `c-${uid()}@customer.test`];
    for (const sender of senders) await inboundEmail(shop, { from: sender, messageId: `<${uid()}@customer.test>`, subject: `From ${sender}` });
    const [normal, urgent, none] = await Promise.all(senders.map((sender) => ticketOfSender(shop, sender)));
    const agent = apiAs(rapport, shop.workspace.agent);
    expect((await agent.patch(`/api/v1/tickets/${urgent!.id}`, { priority: 'urgent' })).statusCode).toBe(200);
    expect((await agent.patch(`/api/v1/tickets/${none!.id}`, { priority: 'low' })).statusCode).toBe(200);

    const list = async (query: string) => ((await agent.get(`/api/v1/tickets?${query}`)).json() as TicketPage).items.map((item) => item.id);
    expect(await list('sla=running&sort=sla_due_asc')).toEqual([urgent!.id, normal!.id]);
    expect(await list('sla=none')).toEqual([none!.id]);
    expect(await list('sla=breached')).toEqual([]);
    // Keyset pages over the SLA sort: one per page, nothing repeated or skipped.
    const page1 = (await agent.get('/api/v1/tickets?sort=sla_due_asc&limit=1')).json() as TicketPage;
    const page2 = (await agent.get(`/api/v1/tickets?sort=sla_due_asc&limit=1&cursor=${encodeURIComponent(page1.nextCursor!)}`)).json() as TicketPage;
    const page3 = (await agent.get(`/api/v1/tickets?sort=sla_due_asc&limit=1&cursor=${encodeURIComponent(page2.nextCursor!)}`)).json() as TicketPage;
    expect([...page1.items, ...page2.items, ...page3.items].map((item) => item.id)).toEqual([urgent!.id, normal!.id, none!.id]);

    await markDueSlaClocks(later(31 * minute));
    expect(await list('sla=breached')).toEqual([urgent!.id]);
    const row = ((await agent.get('/api/v1/tickets?sla=breached')).json() as TicketPage).items[0]!;
    expect(row.sla).toMatchObject({ metric: 'first_reply', state: 'breached', warning: true });
  });

  it('counts business hours only: a ticket that arrives while closed is due after the next opening', async () => {
    const shop = await buildEmailShop(rapport);
    // Open only on a weekday that is not today (in UTC, the workspace time zone), 09:00–10:00.
    const today = ((new Date().getUTCDay() + 6) % 7) + 1;
    const openDay = (today % 7) + 1;
    const admin = apiAs(rapport, shop.workspace.admin);
    expect((await admin.put('/api/v1/business-hours', { weekly: [{ day: openDay, start: '09:00', end: '10:00' }], holidays: [] })).statusCode).toBe(200);
    await createPolicy(shop, { name: 'Urgent', firstReplyMinutes: 5, businessHours: false, priorities: ['urgent'] });
    await createPolicy(shop, { name: 'Business', firstReplyMinutes: 30, businessHours: true });
    const sender = `bh-${uid()}@customer.test`;
    await inboundEmail(shop, { from: sender, messageId: `<${uid()}@customer.test>`, subject: 'Closed today' });
    const ticket = await ticketOfSender(shop, sender);
    const due = new Date((await clocks(shop, ticket.id))['first_reply']!.dueAt!);
    // Tomorrow (the open day) at 09:30 UTC.
    const expected = new Date();
    expected.setUTCDate(expected.getUTCDate() + 1);
    expected.setUTCHours(9, 30, 0, 0);
    expect(due.toISOString()).toBe(expected.toISOString());

    // New hours move the running clock: the change asks for a re-evaluation, which recounts it.
    const weekly = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: '00:00', end: '24:00' }));
    expect((await admin.put('/api/v1/business-hours', { weekly, holidays: [] })).statusCode).toBe(200);
    const requests = await rapport.database.query("select 1 from outbox where workspace_id = $1 and topic = 'sla.policies_changed' and payload->>'action' = 'business_hours.updated'", [shop.workspace.id]);
    expect(requests).toHaveLength(2);
    await reevaluateOpenTickets(rapport.deps, shop.workspace.id);
    expect(new Date((await clocks(shop, ticket.id))['first_reply']!.dueAt!).getTime()).toBe(new Date(ticket.createdAt).getTime() + 30 * minute);

    // Switching the ticket to a calendar-time policy counts around the clock.
    expect((await apiAs(rapport, shop.workspace.agent).patch(`/api/v1/tickets/${ticket.id}`, { priority: 'urgent' })).statusCode).toBe(200);
    const urgent = (await clocks(shop, ticket.id))['first_reply']!;
    expect(urgent).toMatchObject({ targetMinutes: 5, businessHours: false, policy: { name: 'Urgent' } });
    expect(new Date(urgent.dueAt!).getTime()).toBe(new Date(ticket.createdAt).getTime() + 5 * minute);
  });

  it("moves a customer's open tickets to another policy when their tier changes", async () => {
    const shop = await buildEmailShop(rapport);
    await aroundTheClock(shop);
    await createPolicy(shop, { name: 'Enterprise', tiers: ['enterprise'], firstReplyMinutes: 15 });
    await createPolicy(shop, { name: 'Everyone', firstReplyMinutes: 60 });
    const sender = `tier-${uid()}@customer.test`;
    await inboundEmail(shop, { from: sender, messageId: `<${uid()}@customer.test>`, subject: 'Tier change' });
    const ticket = await ticketOfSender(shop, sender);
    expect((await clocks(shop, ticket.id))['first_reply']).toMatchObject({ targetMinutes: 60, policy: { name: 'Everyone' } });
    const response = await apiAs(rapport, shop.workspace.agent).patch(`/api/v1/customers/${ticket.customer.id}`, { tier: 'enterprise' });
    expect(response.statusCode, response.body).toBe(200);
    const clock = (await clocks(shop, ticket.id))['first_reply']!;
    expect(clock).toMatchObject({ targetMinutes: 15, policy: { name: 'Enterprise' } });
    expect(new Date(clock.dueAt!).getTime()).toBe(new Date(ticket.createdAt).getTime() + 15 * minute);
  });

  it('applies a policy change to open tickets already waiting, and removes clocks no policy asks for', async () => {
    const shop = await buildEmailShop(rapport);
    await aroundTheClock(shop);
    const sender = `late-${uid()}@customer.test`;
    await inboundEmail(shop, { from: sender, messageId: `<${uid()}@customer.test>`, subject: 'Before any policy' });
    const ticket = await ticketOfSender(shop, sender);
    expect(await clocks(shop, ticket.id)).toEqual({});
    const policy = await createPolicy(shop, { name: 'New', resolutionMinutes: 120 });
    const [event] = await rapport.database.query<{ topic: string }>("select topic from outbox where workspace_id = $1 and topic = 'sla.policies_changed'", [shop.workspace.id]);
    expect(event?.topic).toBe('sla.policies_changed');
    expect(await reevaluateOpenTickets(rapport.deps, shop.workspace.id)).toBeGreaterThanOrEqual(1);
    const state = await clocks(shop, ticket.id);
    expect(new Date(state['resolution']!.dueAt!).getTime()).toBe(new Date(ticket.createdAt).getTime() + 120 * minute);

    const admin = apiAs(rapport, shop.workspace.admin);
    expect((await admin.patch(`/api/v1/sla-policies/${policy.id}`, { resolutionMinutes: 60 })).statusCode).toBe(200);
    await reevaluateOpenTickets(rapport.deps, shop.workspace.id);
    expect(new Date((await clocks(shop, ticket.id))['resolution']!.dueAt!).getTime()).toBe(new Date(ticket.createdAt).getTime() + 60 * minute);
    expect((await admin.delete(`/api/v1/sla-policies/${policy.id}`)).statusCode).toBe(200);
    await reevaluateOpenTickets(rapport.deps, shop.workspace.id);
    expect(await clocks(shop, ticket.id)).toEqual({});
  });

  it('validates policies, orders them, and keeps them to admins and to their workspace', async () => {
    const shop = await buildEmailShop(rapport);
    const other = await buildWorkspace(rapport.deps, 'Other shop');
    const admin = apiAs(rapport, shop.workspace.admin);
    const noTarget = await admin.post('/api/v1/sla-policies', { name: 'Nothing' });
    expect(noTarget.statusCode).toBe(400);
    expect(noTarget.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    const a = await createPolicy(shop, { name: 'A', firstReplyMinutes: 60 });
    const b = await createPolicy(shop, { name: 'B', firstReplyMinutes: 120 });
    expect([a.position, b.position]).toEqual([0, 1]);
    const clearing = await admin.patch(`/api/v1/sla-policies/${a.id}`, { firstReplyMinutes: null });
    expect(clearing.statusCode).toBe(400);
    const reordered = await admin.put('/api/v1/sla-policies/order', { ids: [b.id, a.id] });
    expect(reordered.statusCode).toBe(200);
    expect((reordered.json() as { items: SlaPolicyDto[] }).items.map((item) => item.name)).toEqual(['B', 'A']);
    const partial = await admin.put('/api/v1/sla-policies/order', { ids: [a.id] });
    expect(partial.statusCode).toBe(422);
    expect(partial.json()).toMatchObject({ error: { code: 'SLA_ORDER_INVALID' } });
    expect((await apiAs(rapport, shop.workspace.agent).post('/api/v1/sla-policies', { name: 'Agent', firstReplyMinutes: 5 })).statusCode).toBe(403);
    expect((await apiAs(rapport, shop.workspace.agent).get('/api/v1/sla-policies')).statusCode).toBe(200);
    const foreign = await apiAs(rapport, other.admin).patch(`/api/v1/sla-policies/${a.id}`, { name: 'Hijacked' });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toMatchObject({ error: { code: 'SLA_POLICY_NOT_FOUND' } });
    expect(((await apiAs(rapport, other.admin).get('/api/v1/sla-policies')).json() as { items: unknown[] }).items).toEqual([]);
    const audit = await rapport.database.query<{ action: string }>("select action from audit_log where workspace_id = $1 and action like 'sla_policy.%' order by id", [shop.workspace.id]);
    expect(audit.map((row) => row.action)).toEqual(['sla_policy.created', 'sla_policy.created', 'sla_policy.reordered']);
  });
});
