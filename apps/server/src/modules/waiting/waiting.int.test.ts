/**
 * Waiting on the customer (P10) end to end, on both databases: a pending ticket's wait, the
 * monitor's reminder and automatic close with notice (real email rows on the ticket's thread, a
 * later clock for the monitor), a customer reply that reopens and ends the wait, the overrides,
 * the settings' validation, and another workspace left alone.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketDetail } from '@rapport/contracts/tickets';
import type { ServiceSettingsDto, TicketWaitingDto } from '@rapport/contracts/waiting';
import type { DecisionOverrideList } from '@rapport/contracts/overrides';
import { startTestRapport, type TestRapport } from '../../../../../tests/support/rapport.ts';
import { apiAs } from '../../../../../tests/support/api-client.ts';
import { buildEmailShop, type EmailShop } from '../../../../../tests/support/email.ts';
import { startInboundProcessor } from '../email/inbound-processor.ts';
import { receiveEmail } from '../email/receive-email.ts';
import { runWaitingMonitorPass } from './waiting.ts';

let rapport: TestRapport;

beforeAll(async () => {
  rapport = await startTestRapport({ role: 'web' });
});
afterAll(async () => {
  await rapport?.stop();
});

const uid = () => randomBytes(5).toString('hex');
const minute = 60_000;
const day = 24 * 60 * minute;

async function inboundEmail(shop: EmailShop, options: { from: string; messageId: string; inReplyTo?: string; subject: string; text?: string }): Promise<void> {
  const raw = Buffer.from(
    [
      `From: Customer <${options.from}>`,
      `To: ${shop.address}`,
      `Subject: ${options.subject}`,
      `Message-ID: ${options.messageId}`,
      ...(options.inReplyTo ? [`In-Reply-To: ${options.inReplyTo}`, `References: ${options.inReplyTo}`] : []),
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      options.text ?? 'Hello, my parcel has not arrived yet. Where is it?',
      '',
    ].join('\r\n'),
  );
  await receiveEmail(rapport.deps, { raw, source: 'smtp', envelopeFrom: options.from, envelopeTo: [shop.address] });
  const processor = await startInboundProcessor(rapport.deps, { pollMs: 60_000, batch: false });
  await processor.drain();
  await processor.stop();
}

async function ticketOfSender(shop: EmailShop, address: string): Promise<TicketDetail> {
  const [row] = await rapport.database.query<{ id: string }>(
    `select t.id from tickets t join customer_identities ci on ci.workspace_id = t.workspace_id and ci.customer_id = t.customer_id
      where t.workspace_id = $1 and ci.value = $2 order by t.created_at desc limit 1`,
    [shop.workspace.id, address],
  );
  return getTicket(shop, row!.id);
}

async function getTicket(shop: EmailShop, id: string): Promise<TicketDetail> {
  const response = await apiAs(rapport, shop.workspace.agent).get(`/api/v1/tickets/${id}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as TicketDetail;
}

async function waiting(shop: EmailShop, ticketId: string): Promise<TicketWaitingDto> {
  const response = await apiAs(rapport, shop.workspace.agent).get(`/api/v1/tickets/${ticketId}/waiting`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as TicketWaitingDto;
}

/** Around the clock, so business days are plain days whenever the test runs. */
async function aroundTheClock(shop: EmailShop): Promise<void> {
  const weekly = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ day: weekday, start: '00:00', end: '24:00' }));
  const response = await apiAs(rapport, shop.workspace.admin).put('/api/v1/business-hours', { weekly, holidays: [] });
  expect(response.statusCode, response.body).toBe(200);
}

async function settings(shop: EmailShop, body: Record<string, unknown>): Promise<ServiceSettingsDto> {
  const response = await apiAs(rapport, shop.workspace.admin).patch('/api/v1/service-settings', body);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as ServiceSettingsDto;
}

/** A new email ticket that the agent answered with a question and set pending. */
async function pendingTicket(shop: EmailShop): Promise<{ ticket: TicketDetail; customer: string; firstId: string }> {
  const customer = `wait-${uid()}@customer.test`;
  const firstId = `<first-${uid()}@customer.test>`;
  await inboundEmail(shop, { from: customer, messageId: firstId, subject: 'Broken lamp' });
  const ticket = await ticketOfSender(shop, customer);
  const reply = await apiAs(rapport, shop.workspace.agent).post(`/api/v1/tickets/${ticket.id}/replies`, { text: 'Could you send a photo of the damage?', status: 'pending' });
  expect(reply.statusCode, reply.body).toBe(201);
  return { ticket: await getTicket(shop, ticket.id), customer, firstId };
}

const later = (ms: number) => ({ ...rapport.deps, clock: { now: () => new Date(Date.now() + ms) } });

async function automaticEmails(ticketId: string) {
  return rapport.database.query<{ kind: string; text: string; subject: string; in_reply_to: string | null; rfc_message_id: string; to_addresses: string[] }>(
    "select kind, text, subject, in_reply_to, rfc_message_id, to_addresses from outbound_emails where ticket_id = $1 and kind = 'notification' order by created_at",
    [ticketId],
  );
}

async function auditActions(workspaceId: string, ticketId: string) {
  return rapport.database.query<{ action: string; actor_type: string; data: Record<string, unknown> }>(
    "select action, actor_type, data from audit_log where workspace_id = $1 and subject_id = $2 and action in ('ticket.pending_reminder_sent', 'ticket.pending_reminder_skipped', 'ticket.auto_closed') order by id",
    [workspaceId, ticketId],
  );
}

describe('waiting on the customer', () => {
  it('reminds the customer after N business days and solves the ticket with a notice after M', async () => {
    const shop = await buildEmailShop(rapport);
    await aroundTheClock(shop);
    await settings(shop, { pendingReminderDays: 2, pendingCloseDays: 4 });
    const before = Date.now();
    const { ticket, customer } = await pendingTicket(shop);
    expect(ticket.status).toBe('pending');

    const wait = await waiting(shop, ticket.id);
    expect(wait.waiting).toBe(true);
    const since = new Date(wait.pendingSince!).getTime();
    expect(since).toBeGreaterThanOrEqual(before - 1_000);
    expect(new Date(wait.remindAt!).getTime()).toBe(since + 2 * day);
    expect(new Date(wait.closeAt!).getTime()).toBe(since + 4 * day);
    expect(wait.remindedAt).toBeNull();

    // A change while pending keeps the wait as it was.
    expect((await apiAs(rapport, shop.workspace.agent).patch(`/api/v1/tickets/${ticket.id}`, { priority: 'high' })).statusCode).toBe(200);
    expect(await waiting(shop, ticket.id)).toEqual(wait);

    // One day on: nothing is due.
    await runWaitingMonitorPass(later(day));
    expect(await automaticEmails(ticket.id)).toHaveLength(0);

    // Two days on: exactly one reminder, on the thread, with a system message in the timeline.
    await runWaitingMonitorPass(later(2 * day + minute));
    await runWaitingMonitorPass(later(2 * day + 2 * minute));
    const reminders = await automaticEmails(ticket.id);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.to_addresses).toEqual([customer]);
    expect(reminders[0]!.text).toContain(`#${ticket.number}`);
    expect(reminders[0]!.subject).toContain(`[#${ticket.number}]`);
    expect(reminders[0]!.in_reply_to).not.toBeNull();
    let detail = await getTicket(shop, ticket.id);
    expect(detail.status).toBe('pending');
    const systemMessages = detail.messages.filter((message) => message.author.type === 'system' && message.text.includes('still waiting'));
    expect(systemMessages).toHaveLength(1);
    expect(systemMessages[0]!.delivery?.status).toBe('queued');
    expect((await waiting(shop, ticket.id)).remindedAt).not.toBeNull();
    const events = await rapport.database.query<{ topic: string }>("select topic from outbox where workspace_id = $1 and topic = 'ticket.pending_reminder_sent' and payload->>'ticketId' = $2", [
      shop.workspace.id,
      ticket.id,
    ]);
    expect(events).toHaveLength(1);

    // Four days on: solved (outcome solved) with the closing notice; the wait is gone.
    await runWaitingMonitorPass(later(4 * day + minute));
    detail = await getTicket(shop, ticket.id);
    expect(detail.status).toBe('solved');
    expect(detail.outcome).toBe('solved');
    const emails = await automaticEmails(ticket.id);
    expect(emails).toHaveLength(2);
    expect(emails[1]!.text).toMatch(/did not hear back/);
    expect(detail.messages.filter((message) => message.author.type === 'system' && message.text.includes('did not hear back'))).toHaveLength(1);
    expect((await waiting(shop, ticket.id)).waiting).toBe(false);
    const audit = await auditActions(shop.workspace.id, ticket.id);
    expect(audit.map((row) => row.action)).toEqual(['ticket.pending_reminder_sent', 'ticket.auto_closed']);
    expect(audit.every((row) => row.actor_type === 'system')).toBe(true);
    expect(audit[1]!.data).toMatchObject({ reason: 'no_customer_reply', emailed: true });

    // Nothing more to do.
    expect(await runWaitingMonitorPass(later(10 * day))).toBeGreaterThanOrEqual(0);
    expect(await automaticEmails(ticket.id)).toHaveLength(2);
  });

  it('ends the wait when the customer replies (to the reminder): the ticket reopens', async () => {
    const shop = await buildEmailShop(rapport);
    await aroundTheClock(shop);
    await settings(shop, { pendingReminderDays: 1, pendingCloseDays: 3 });
    const { ticket, customer } = await pendingTicket(shop);
    await runWaitingMonitorPass(later(day + minute));
    const [reminder] = await automaticEmails(ticket.id);
    expect(reminder).toBeDefined();

    await inboundEmail(shop, { from: customer, messageId: `<answer-${uid()}@customer.test>`, inReplyTo: reminder!.rfc_message_id, subject: `Re: ${reminder!.subject}`, text: 'Here is the photo.' });
    const detail = await getTicket(shop, ticket.id);
    expect(detail.status).toBe('open');
    // (The reminder was written at the monitor's later clock, so the answer is not last in time order.)
    const answer = detail.messages.find((message) => message.author.type === 'customer' && message.text.includes('Here is the photo.'));
    expect(answer).toBeDefined();
    expect((await waiting(shop, ticket.id)).waiting).toBe(false);

    // No close later on.
    await runWaitingMonitorPass(later(10 * day));
    expect((await getTicket(shop, ticket.id)).status).toBe('open');
    expect(await automaticEmails(ticket.id)).toHaveLength(1);

    // Pending again: a new wait from now.
    const again = await apiAs(rapport, shop.workspace.agent).patch(`/api/v1/tickets/${ticket.id}`, { status: 'pending' });
    expect(again.statusCode, again.body).toBe(200);
    const wait = await waiting(shop, ticket.id);
    expect(wait).toMatchObject({ waiting: true, remindedAt: null });
    expect(new Date(wait.pendingSince!).getTime()).toBeGreaterThan(new Date(answer!.createdAt).getTime() - 1_000);
  });

  it('lets a person postpone the close or turn it off, with the reason in the audit log', async () => {
    const shop = await buildEmailShop(rapport);
    await aroundTheClock(shop);
    await settings(shop, { pendingReminderDays: 1, pendingCloseDays: 2 });
    const { ticket } = await pendingTicket(shop);
    const agent = apiAs(rapport, shop.workspace.agent);
    const initial = await waiting(shop, ticket.id);

    const noReason = await agent.post(`/api/v1/tickets/${ticket.id}/waiting`, { action: 'postpone', reason: '  ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });

    const postponedAt = Date.now();
    const postponed = await agent.post(`/api/v1/tickets/${ticket.id}/waiting`, { action: 'postpone', reason: 'The customer is travelling this week.' });
    expect(postponed.statusCode, postponed.body).toBe(200);
    const afterPostpone = postponed.json() as TicketWaitingDto;
    expect(new Date(afterPostpone.closeAt!).getTime()).toBeGreaterThanOrEqual(postponedAt + 2 * day - 1_000);
    expect(afterPostpone.pendingSince).toBe(initial.pendingSince);

    const never = await agent.post(`/api/v1/tickets/${ticket.number}/waiting`, { action: 'never_close', reason: 'Waiting on a part from the supplier.' });
    expect(never.statusCode, never.body).toBe(200);
    expect(never.json()).toMatchObject({ waiting: true, closeAt: null });

    // Long after: reminded, never closed.
    await runWaitingMonitorPass(later(30 * day));
    expect((await getTicket(shop, ticket.id)).status).toBe('pending');
    const audit = await rapport.database.query<{ action: string; actor_type: string; data: Record<string, unknown> }>(
      "select action, actor_type, data from audit_log where workspace_id = $1 and subject_id = $2 and action like 'override.%' order by id",
      [shop.workspace.id, ticket.id],
    );
    // One audit entry per override (the decision override's), no second one of the waiting module.
    expect(audit.map((row) => row.action)).toEqual(['override.auto_close', 'override.auto_close']);
    expect(audit[0]).toMatchObject({ actor_type: 'token', data: { subject: 'postpone', reason: 'The customer is travelling this week.' } });
    expect(audit[1]!.data).toMatchObject({ subject: 'never_close', reason: 'Waiting on a part from the supplier.', after: { action: 'never_close', closeAt: null } });
    // Both are on the ticket's list of overrides, oldest first, with who and why.
    const overrides = await agent.get(`/api/v1/tickets/${ticket.number}/overrides`);
    expect(overrides.statusCode, overrides.body).toBe(200);
    expect((overrides.json() as DecisionOverrideList).items).toMatchObject([
      { kind: 'auto_close', subject: 'postpone', reason: 'The customer is travelling this week.', actor: { id: shop.workspace.agent.id }, before: { closeAt: initial.closeAt } },
      { kind: 'auto_close', subject: 'never_close', reason: 'Waiting on a part from the supplier.', after: { closeAt: null } },
    ]);
    expect((await auditActions(shop.workspace.id, ticket.id)).map((row) => row.action)).toEqual(['ticket.pending_reminder_sent']);

    // Not pending: nothing to override.
    expect((await agent.patch(`/api/v1/tickets/${ticket.id}`, { status: 'open' })).statusCode).toBe(200);
    const notWaiting = await agent.post(`/api/v1/tickets/${ticket.id}/waiting`, { action: 'never_close', reason: 'x' });
    expect(notWaiting.statusCode).toBe(400);
    expect(notWaiting.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect((await agent.post('/api/v1/tickets/999999/waiting', { action: 'never_close', reason: 'x' })).json()).toMatchObject({ error: { code: 'TICKET_NOT_FOUND' } });
  });

  it('validates the settings and keeps them per workspace', async () => {
    const shop = await buildEmailShop(rapport);
    const admin = apiAs(rapport, shop.workspace.admin);
    const read = await apiAs(rapport, shop.workspace.agent).get('/api/v1/service-settings');
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ pendingReminderDays: 3, pendingCloseDays: 7, updatedAt: null });

    for (const body of [{ pendingReminderDays: 5, pendingCloseDays: 5 }, { pendingCloseDays: 2 }, { pendingReminderDays: 61 }, { pendingReminderDays: 0 }, { pendingReminderDays: 1.5 }]) {
      const response = await admin.patch('/api/v1/service-settings', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }
    expect((await apiAs(rapport, shop.workspace.agent).patch('/api/v1/service-settings', { pendingReminderDays: 2 })).statusCode).toBe(403);
    expect(await settings(shop, { pendingReminderDays: null })).toMatchObject({ pendingReminderDays: null, pendingCloseDays: 7 });
    expect(await settings(shop, { pendingCloseDays: null })).toMatchObject({ pendingReminderDays: null, pendingCloseDays: null });
    const audit = await rapport.database.query<{ action: string }>("select action from audit_log where workspace_id = $1 and action = 'service_settings.updated'", [shop.workspace.id]);
    expect(audit).toHaveLength(2);

    // Never remind, never close: the wait still says since when.
    await aroundTheClock(shop);
    const { ticket } = await pendingTicket(shop);
    expect(await waiting(shop, ticket.id)).toMatchObject({ waiting: true, remindAt: null, closeAt: null });
  });

  it('keeps clarifying-question snippets as macros of their own category', async () => {
    const shop = await buildEmailShop(rapport);
    const lead = apiAs(rapport, shop.workspace.lead);
    const created = await lead.post('/api/v1/macros', { name: 'Ask for the order number', body: 'Could you send your order number?', scope: 'shared', category: 'clarifying', actions: { status: 'pending' } });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ category: 'clarifying', actions: { status: 'pending' } });
    const plain = await lead.post('/api/v1/macros', { name: 'Thanks', body: 'Thank you!', scope: 'shared' });
    expect(plain.json()).toMatchObject({ category: 'macro' });
    const changed = await lead.patch(`/api/v1/macros/${(plain.json() as { id: string }).id}`, { category: 'clarifying' });
    expect(changed.json()).toMatchObject({ category: 'clarifying' });
    expect((await lead.post('/api/v1/macros', { name: 'Bad', body: 'x', category: 'other' })).statusCode).toBe(400);
    const list = (await apiAs(rapport, shop.workspace.agent).get('/api/v1/macros')).json() as { items: { name: string; category: string }[] };
    expect(list.items.filter((item) => item.name === 'Ask for the order number' || item.name === 'Thanks').map((item) => [item.name, item.category])).toEqual([
      ['Ask for the order number', 'clarifying'],
      ['Thanks', 'clarifying'],
    ]);
  });

  it('leaves another workspace alone', async () => {
    const fast = await buildEmailShop(rapport);
    const slow = await buildEmailShop(rapport);
    await aroundTheClock(fast);
    await aroundTheClock(slow);
    await settings(fast, { pendingReminderDays: 1, pendingCloseDays: 2 });
    const one = await pendingTicket(fast);
    const two = await pendingTicket(slow);

    await runWaitingMonitorPass(later(2 * day + minute));
    expect((await getTicket(fast, one.ticket.id)).status).toBe('solved');
    expect((await getTicket(slow, two.ticket.id)).status).toBe('pending');
    expect(await automaticEmails(two.ticket.id)).toHaveLength(0);
    expect((await waiting(slow, two.ticket.id)).remindedAt).toBeNull();
    // Another workspace's ticket is not found through this one.
    expect((await apiAs(rapport, fast.workspace.agent).get(`/api/v1/tickets/${two.ticket.id}/waiting`)).statusCode).toBe(404);
  });
});
