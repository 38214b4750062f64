/**
 * Promises end to end through the API, on both databases: a reply's commitments become promises
 * (due time named or the end of the next business day, reminder before it), a reply without any
 * makes none, undo-send removes them, the monitor reminds the owner once, overdue promises are
 * listed for leads and stay open, the rules and audit of editing and closing, and workspace walls.
 *
 * The app runs on a test clock: Wednesday 10 June 2026, 08:00 UTC (the workspace's zone and
 * default Mon–Fri 09:00–17:00 hours).
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PromiseDto, PromisePage, TicketPromiseList } from '@rapport/contracts/promises';
import type { MessageDto } from '@rapport/contracts/tickets';
import { notifications, outbox } from '@rapport/db/schema';
import { startTestRapport, testConfig, type TestRapport } from '../../../../../tests/support/rapport.ts';
import { apiAs } from '../../../../../tests/support/api-client.ts';
import { buildMember, buildTicket, buildWorkspace, type Member, type WorkspaceFixture } from '../../../../../tests/support/factories.ts';
import { fixedClock } from '../../platform/clock.ts';
import { sendDuePromiseReminders } from './promises-monitor.ts';
import { notifyPromiseOwnerListener } from './promises-listeners.ts';

const start = new Date('2026-06-10T08:00:00.000Z');
const clock = fixedClock(start);
let rapport: TestRapport;

beforeAll(async () => {
  rapport = await startTestRapport({ role: 'web', clock, config: testConfig({ undoSendSeconds: 10 }) });
});
beforeEach(() => {
  clock.set(start);
});
afterAll(async () => {
  await rapport?.stop();
});

async function reply(member: Member, ticketId: string, text: string): Promise<MessageDto> {
  const response = await apiAs(rapport, member).post(`/api/v1/tickets/${ticketId}/replies`, { text });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as MessageDto;
}

async function ticketPromises(member: Member, ref: string): Promise<PromiseDto[]> {
  const response = await apiAs(rapport, member).get(`/api/v1/tickets/${ref}/promises`);
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as TicketPromiseList).items;
}

async function list(member: Member, query: string): Promise<PromisePage> {
  const response = await apiAs(rapport, member).get(`/api/v1/promises?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as PromisePage;
}

async function audit(workspace: WorkspaceFixture, ticketId: string) {
  return rapport.database.query<{ action: string; data: Record<string, unknown> | string }>(
    "select action, data from audit_log where workspace_id = $1 and subject_type = 'ticket' and subject_id = $2 and action like 'promise.%' order by id",
    [workspace.id, ticketId],
  );
}
const dataOf = (row: { data: Record<string, unknown> | string }) => (typeof row.data === 'string' ? (JSON.parse(row.data) as Record<string, unknown>) : row.data);

async function shopWithTicket() {
  const workspace = await buildWorkspace(rapport.deps, 'Promise shop');
  const ticket = await buildTicket(rapport.deps, workspace.agent.actor);
  return { workspace, ticket };
}

describe('promises from sent replies', () => {
  it('a reply "I will call you tomorrow at 10:00" makes a promise due then, reminded two business hours before', async () => {
    const { workspace, ticket } = await shopWithTicket();
    const message = await reply(workspace.agent, ticket.id, 'Thanks for your patience. I will call you tomorrow at 10:00. I will also send you the tracking number.');

    const items = await ticketPromises(workspace.agent, String(ticket.number));
    expect(items).toHaveLength(2);
    const [call, tracking] = items;
    expect(call).toMatchObject({
      text: 'I will call you tomorrow at 10:00.',
      dueAt: '2026-06-11T10:00:00.000Z',
      // 9 business hours left (Wed 08:00 → Thu 10:00 on 09:00–17:00): reminded at Wed 16:00.
      remindAt: '2026-06-10T16:00:00.000Z',
      status: 'open',
      overdue: false,
      messageId: message.id,
      owner: { id: workspace.agent.id },
      ticket: { id: ticket.id, number: ticket.number },
    });
    // No time named: the end of the next business day (Thursday 17:00).
    expect(tracking).toMatchObject({ text: 'I will also send you the tracking number.', dueAt: '2026-06-11T17:00:00.000Z', status: 'open' });

    const entries = await audit(workspace, ticket.id);
    expect(entries.map((row) => row.action)).toEqual(['promise.created', 'promise.created']);
    expect(dataOf(entries[0]!)).toMatchObject({ promiseId: call!.id, messageId: message.id, after: { dueAt: '2026-06-11T10:00:00.000Z', status: 'open' } });

    // On the agent's own list, soonest due first.
    const mine = await list(workspace.agent, 'owner=me');
    expect(mine.items.map((item) => item.id)).toEqual([call!.id, tracking!.id]);
    expect((await list(workspace.lead, 'owner=me')).items).toEqual([]);
    expect((await list(workspace.lead, `owner=${workspace.agent.id}`)).items).toHaveLength(2);
  });

  it('a reply without commitments makes none', async () => {
    const { workspace, ticket } = await shopWithTicket();
    await reply(workspace.agent, ticket.id, 'Thanks for your patience, your refund is on its way.');
    expect(await ticketPromises(workspace.agent, ticket.id)).toEqual([]);
    expect(await audit(workspace, ticket.id)).toHaveLength(0);
  });

  it('undo-send removes the promises of the withdrawn reply', async () => {
    const { workspace, ticket } = await shopWithTicket();
    const message = await reply(workspace.agent, ticket.id, 'I will call you tomorrow at 10:00.');
    const [promise] = await ticketPromises(workspace.agent, ticket.id);
    expect(promise).toBeDefined();
    clock.advance(3_000);
    const undone = await apiAs(rapport, workspace.agent).post(`/api/v1/tickets/${ticket.id}/messages/${message.id}/undo`, {});
    expect(undone.statusCode, undone.body).toBe(200);
    expect(await ticketPromises(workspace.agent, ticket.id)).toEqual([]);
    expect((await list(workspace.agent, 'owner=me')).items).toEqual([]);
    const entries = await audit(workspace, ticket.id);
    expect(entries.map((row) => row.action)).toEqual(['promise.created', 'promise.withdrawn']);
    expect(dataOf(entries[1]!)).toMatchObject({ promiseId: promise!.id, messageId: message.id, before: { text: 'I will call you tomorrow at 10:00.' } });
  });
});

describe('reminders and overdue promises', () => {
  it('reminds the owner once before due; overdue promises stay open and are listed for leads', async () => {
    const { workspace, ticket } = await shopWithTicket();
    await reply(workspace.agent, ticket.id, 'I will call you tomorrow at 10:00.');
    const [promise] = await ticketPromises(workspace.agent, ticket.id);

    // Before the reminder time: nothing for this promise.
    const at = (iso: string) => ({ db: rapport.deps.db, logger: rapport.deps.logger, clock: { now: () => new Date(iso) } });
    await sendDuePromiseReminders(at('2026-06-10T15:59:00.000Z'));
    const events = () =>
      rapport.deps.db.select().from(outbox).where(and(eq(outbox.workspaceId, workspace.id), eq(outbox.topic, 'promise.reminder')));
    expect(await events()).toHaveLength(0);

    // After it: one reminder event, audited; a second pass sends nothing more.
    await sendDuePromiseReminders(at('2026-06-10T16:00:30.000Z'));
    await sendDuePromiseReminders(at('2026-06-10T16:05:00.000Z'));
    const [event, ...more] = await events();
    expect(more).toHaveLength(0);
    expect(event!.payload).toMatchObject({ promiseId: promise!.id, ownerId: workspace.agent.id, ticketId: ticket.id, dueAt: '2026-06-11T10:00:00.000Z' });
    expect((await audit(workspace, ticket.id)).map((row) => row.action)).toEqual(['promise.created', 'promise.reminder']);

    // The listener notifies the owner, once even when the event is delivered twice.
    const listener = notifyPromiseOwnerListener(rapport.deps);
    const outboxEvent = { eventId: Number(event!.id), topic: event!.topic, version: event!.version, workspaceId: workspace.id, payload: event!.payload as Record<string, unknown> };
    await listener.handle(outboxEvent);
    await listener.handle(outboxEvent);
    const rows = await rapport.deps.db.select().from(notifications).where(and(eq(notifications.workspaceId, workspace.id), eq(notifications.kind, 'promise_reminder')));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      userId: workspace.agent.id,
      ticketId: ticket.id,
      data: { number: ticket.number, subject: ticket.subject, excerpt: 'I will call you tomorrow at 10:00.', promiseId: promise!.id, dueAt: '2026-06-11T10:00:00.000Z' },
    });
    const bell = await apiAs(rapport, workspace.agent).get('/api/v1/notifications');
    expect(JSON.stringify(bell.json())).toContain('promise_reminder');

    // Past due: still open (a person decides kept or broken), listed as overdue.
    expect((await list(workspace.lead, 'status=overdue')).items).toEqual([]);
    clock.set(new Date('2026-06-11T11:00:00.000Z'));
    await sendDuePromiseReminders(rapport.deps);
    const overdue = await list(workspace.lead, 'status=overdue');
    expect(overdue.items.map((item) => item.id)).toEqual([promise!.id]);
    expect(overdue.items[0]).toMatchObject({ status: 'open', overdue: true });
    expect((await list(workspace.agent, 'owner=me&status=overdue')).items).toHaveLength(1);
    expect((await list(workspace.lead, 'owner=me&status=overdue')).items).toHaveLength(0);
    expect((await ticketPromises(workspace.lead, ticket.id))[0]).toMatchObject({ status: 'open', overdue: true });
  });

  it('pages through a list with a cursor, soonest due first', async () => {
    const { workspace, ticket } = await shopWithTicket();
    await reply(workspace.agent, ticket.id, 'I will send the label today at 15:00. I will call you tomorrow at 10:00. I will check with the warehouse on Friday at 12:00.');
    const first = await list(workspace.agent, 'owner=me&limit=2');
    expect(first.items.map((item) => item.dueAt)).toEqual(['2026-06-10T15:00:00.000Z', '2026-06-11T10:00:00.000Z']);
    const second = await list(workspace.agent, `owner=me&limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(second.items.map((item) => item.dueAt)).toEqual(['2026-06-12T12:00:00.000Z']);
    expect(second.nextCursor).toBeNull();
    const bad = await apiAs(rapport, workspace.agent).get('/api/v1/promises?cursor=nope');
    expect(bad.statusCode).toBe(400);
  });
});

describe('editing and closing promises', () => {
  it('edits need a reason, dropping needs a reason, closed promises do not change; every change is audited', async () => {
    const { workspace, ticket } = await shopWithTicket();
    await reply(workspace.agent, ticket.id, 'I will call you tomorrow at 10:00. I will also send you the tracking number. We will refund the shipping cost.');
    const [call, tracking, refund] = await ticketPromises(workspace.agent, ticket.id);
    const agent = apiAs(rapport, workspace.agent);
    const patch = (id: string, body: object) => agent.patch(`/api/v1/promises/${id}`, body);

    // Edits and drops without a reason, empty and mixed bodies are refused.
    expect((await patch(call!.id, { dueAt: '2026-06-11T14:00:00.000Z' })).statusCode).toBe(400);
    expect((await patch(call!.id, { status: 'dropped' })).statusCode).toBe(400);
    expect((await patch(call!.id, {})).statusCode).toBe(400);
    expect((await patch(call!.id, { status: 'kept', text: 'x', reason: 'both at once' })).statusCode).toBe(400);
    expect((await patch(call!.id, { dueAt: '2026-06-10T07:00:00.000Z', reason: 'in the past' })).statusCode).toBe(400);

    // An edit with a reason: new due time, new reminder (2 business hours before), audited before/after.
    const edited = await patch(call!.id, { dueAt: '2026-06-11T14:00:00.000Z', text: 'I will call you tomorrow at 14:00.', reason: 'The customer asked for the afternoon' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({
      status: 'open',
      dueAt: '2026-06-11T14:00:00.000Z',
      remindAt: '2026-06-11T12:00:00.000Z',
      remindedAt: null,
      text: 'I will call you tomorrow at 14:00.',
      reason: 'The customer asked for the afternoon',
    });

    // Another agent may not change it: only its author, or a lead covering for them.
    const colleague = await buildMember(rapport.deps, workspace, 'agent', 'colleague');
    const refused = await apiAs(rapport, colleague).patch(`/api/v1/promises/${call!.id}`, { status: 'kept' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });

    // Kept (by a lead), broken, dropped with a reason.
    const kept = await apiAs(rapport, workspace.lead).patch(`/api/v1/promises/${call!.id}`, { status: 'kept' });
    expect(kept.statusCode, kept.body).toBe(200);
    expect(kept.json()).toMatchObject({ status: 'kept', overdue: false, resolvedBy: { id: workspace.lead.id } });
    expect((await patch(tracking!.id, { status: 'broken' })).json()).toMatchObject({ status: 'broken', resolvedBy: { id: workspace.agent.id } });
    const dropped = await patch(refund!.id, { status: 'dropped', reason: 'Refunded by the carrier instead' });
    expect(dropped.json()).toMatchObject({ status: 'dropped', reason: 'Refunded by the carrier instead' });

    // Closed ones do not change.
    const again = await patch(call!.id, { status: 'broken' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'PROMISE_STATE' } });
    expect((await patch(refund!.id, { text: 'Changed', reason: 'Too late for that' })).statusCode).toBe(409);

    // Lists by state.
    expect((await list(workspace.agent, 'status=kept')).items.map((item) => item.id)).toEqual([call!.id]);
    expect((await list(workspace.agent, 'status=broken')).items.map((item) => item.id)).toEqual([tracking!.id]);
    expect((await list(workspace.agent, 'status=dropped')).items.map((item) => item.id)).toEqual([refund!.id]);
    expect((await list(workspace.agent, 'status=open')).items).toEqual([]);

    const entries = await audit(workspace, ticket.id);
    expect(entries.map((row) => row.action)).toEqual(['promise.created', 'promise.created', 'promise.created', 'promise.edited', 'promise.kept', 'promise.broken', 'promise.dropped']);
    expect(dataOf(entries[3]!)).toMatchObject({
      promiseId: call!.id,
      before: { dueAt: '2026-06-11T10:00:00.000Z', text: 'I will call you tomorrow at 10:00.', reason: null },
      after: { dueAt: '2026-06-11T14:00:00.000Z', text: 'I will call you tomorrow at 14:00.', reason: 'The customer asked for the afternoon' },
      changes: { dueAt: { from: '2026-06-11T10:00:00.000Z', to: '2026-06-11T14:00:00.000Z' } },
    });
    expect(dataOf(entries[4]!)).toMatchObject({ before: { status: 'open' }, after: { status: 'kept' }, changes: { status: { from: 'open', to: 'kept' } } });
    expect(dataOf(entries[6]!)).toMatchObject({ after: { status: 'dropped', reason: 'Refunded by the carrier instead' } });
  });

  it("another workspace's promises are invisible and cannot be changed", async () => {
    const { workspace, ticket } = await shopWithTicket();
    await reply(workspace.agent, ticket.id, 'I will call you tomorrow at 10:00.');
    const [promise] = await ticketPromises(workspace.agent, ticket.id);
    const other = await buildWorkspace(rapport.deps, 'Other shop');

    expect((await list(other.admin, 'status=open')).items).toEqual([]);
    expect((await list(other.admin, `owner=${workspace.agent.id}`)).items).toEqual([]);
    expect((await apiAs(rapport, other.admin).get(`/api/v1/tickets/${ticket.id}/promises`)).statusCode).toBe(404);
    const response = await apiAs(rapport, other.admin).patch(`/api/v1/promises/${promise!.id}`, { status: 'kept' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'PROMISE_NOT_FOUND' } });
    expect((await ticketPromises(workspace.agent, ticket.id))[0]).toMatchObject({ status: 'open' });
  });
});
