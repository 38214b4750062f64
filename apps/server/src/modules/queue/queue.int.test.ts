/**
 * The fair queue against a real database (PGlite and PostgreSQL): stored keys match the pure key
 * function, "next" respects teams and workspaces, concurrent takes never collide, and the parity
 * report's figures on a known data set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NextTicket, ParityReport } from '@rapport/contracts/queue';
import type { TicketDetail } from '@rapport/contracts/tickets';
import { buildTicket, buildWorkspace, type Member, type WorkspaceFixture } from '../../../../../tests/support/factories.ts';
import { apiAs, startWithTwoWorkspaces } from '../../../../../tests/support/api-client.ts';
import { type TestRapport } from '../../../../../tests/support/rapport.ts';
import { queueKey, type QueuePriority, type QueueTier } from './queue-order.ts';
import { nextTicket, refreshCustomerQueueKeys, refreshQueueKeys, takeNextTicket } from './queue.ts';

let rapport: TestRapport;
let shop: WorkspaceFixture;
let other: WorkspaceFixture;

beforeAll(async () => {
  ({ rapport, shop, other } = await startWithTwoWorkspaces());
});
afterAll(async () => {
  await rapport.stop();
});

const api = (member: Member) => apiAs(rapport, member);
const minute = 60_000;
let sequence = 0;

/** A ticket created at `createdAt` by a customer of `tier`, with its key refreshed. */
async function queued(
  workspace: WorkspaceFixture,
  options: { createdAt: Date; tier?: QueueTier; priority?: QueuePriority; teamId?: string | null },
): Promise<TicketDetail> {
  sequence += 1;
  const ticket = await buildTicket(rapport.deps, workspace.agent.actor, {
    createdAt: options.createdAt,
    priority: options.priority ?? 'normal',
    teamId: options.teamId ?? null,
    customer: { email: `queue${sequence}@example.test`, name: `Queue ${sequence}` },
  });
  if (options.tier && options.tier !== 'standard') {
    await rapport.database.query('update customers set tier = $1 where workspace_id = $2 and id = $3', [options.tier, workspace.id, ticket.customer.id]);
  }
  await rapport.deps.db.transaction((tx) => refreshQueueKeys(tx, workspace.id, [ticket.id], options.createdAt));
  return ticket;
}

async function storedKey(ticketId: string): Promise<Date | null> {
  const [row] = await rapport.database.query<{ queue_key: Date | string | null }>('select queue_key from tickets where id = $1', [ticketId]);
  return row?.queue_key ? new Date(row.queue_key) : null;
}

async function createTeam(workspace: WorkspaceFixture, name: string, members: Member[]): Promise<string> {
  const created = await api(workspace.lead).post('/api/v1/teams', { name });
  expect(created.statusCode).toBe(201);
  const teamId = (created.json() as { id: string }).id;
  const set = await api(workspace.lead).put(`/api/v1/teams/${teamId}/members`, { userIds: members.map((member) => member.id) });
  expect(set.statusCode).toBe(200);
  return teamId;
}

describe('queue keys', () => {
  it('stores the key of the pure function: priority target after arrival, less the bounded tier credit', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const at = new Date('2026-03-02T09:00:00Z');
    const cases: { tier: QueueTier; priority: QueuePriority }[] = [
      { tier: 'standard', priority: 'normal' },
      { tier: 'enterprise', priority: 'normal' },
      { tier: 'priority', priority: 'high' },
      { tier: 'standard', priority: 'urgent' },
      { tier: 'enterprise', priority: 'low' },
    ];
    for (const item of cases) {
      const ticket = await queued(workspace, { createdAt: at, ...item });
      expect(await storedKey(ticket.id), `${item.tier} ${item.priority}`).toEqual(queueKey({ ...item, waitingSince: at, replyDueAt: null }));
    }
  });

  it('takes an earlier reply SLA due time, follows a tier change, and leaves the queue when assigned, pending or merged', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const at = new Date('2026-03-02T09:00:00Z');
    const ticket = await queued(workspace, { createdAt: at });
    const dueAt = new Date(at.getTime() + 45 * minute);
    await rapport.database.query(
      `insert into ticket_slas (workspace_id, ticket_id, metric, target_minutes, business_hours, started_at, running_since, due_at)
       values ($1, $2, 'first_reply', 45, false, $3, $3, $4), ($1, $2, 'resolution', 10, false, $3, $3, $5)`,
      [workspace.id, ticket.id, at.toISOString(), dueAt.toISOString(), new Date(at.getTime() + 10 * minute).toISOString()],
    );
    await rapport.deps.db.transaction((tx) => refreshQueueKeys(tx, workspace.id, [ticket.id], at));
    // The resolution clock is not a reply clock: only the first-reply due time counts.
    expect(await storedKey(ticket.id)).toEqual(dueAt);

    await rapport.database.query('update customers set tier = $1 where id = $2', ['enterprise', ticket.customer.id]);
    await rapport.deps.db.transaction((tx) => refreshCustomerQueueKeys(tx, workspace.id, ticket.customer.id, at));
    expect(await storedKey(ticket.id)).toEqual(new Date(dueAt.getTime() - 30 * minute));

    await api(workspace.agent).patch(`/api/v1/tickets/${ticket.id}`, { status: 'pending' });
    await rapport.deps.db.transaction((tx) => refreshQueueKeys(tx, workspace.id, [ticket.id], at));
    expect(await storedKey(ticket.id)).toBeNull();

    const second = await queued(workspace, { createdAt: at });
    await api(workspace.agent).patch(`/api/v1/tickets/${second.id}`, { assigneeId: workspace.agent.id });
    await rapport.deps.db.transaction((tx) => refreshQueueKeys(tx, workspace.id, [second.id, second.id], at));
    expect(await storedKey(second.id)).toBeNull();

    const third = await queued(workspace, { createdAt: at });
    const survivor = await queued(workspace, { createdAt: at });
    expect((await api(workspace.lead).post(`/api/v1/tickets/${third.id}/merge`, { intoTicketId: survivor.id })).statusCode).toBe(200);
    await rapport.deps.db.transaction((tx) => refreshQueueKeys(tx, workspace.id, [third.id, survivor.id], at));
    expect(await storedKey(third.id)).toBeNull();
  });

  it('counts the wait from the first customer message after our latest reply', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const at = new Date('2026-03-02T09:00:00Z');
    const ticket = await queued(workspace, { createdAt: at });
    const replyAt = new Date(at.getTime() + 20 * minute);
    const customerAt = new Date(at.getTime() + 50 * minute);
    await rapport.database.query(
      `insert into messages (workspace_id, ticket_id, direction, channel, author_type, author_user_id, text, created_at)
       values ($1, $2, 'outbound', 'email', 'agent', $3, 'We are on it', $4)`,
      [workspace.id, ticket.id, workspace.agent.id, replyAt.toISOString()],
    );
    await rapport.database.query(
      `insert into messages (workspace_id, ticket_id, direction, channel, author_type, author_customer_id, text, created_at)
       values ($1, $2, 'inbound', 'email', 'customer', $3, 'Any news?', $4), ($1, $2, 'inbound', 'email', 'customer', $3, 'Hello?', $5)`,
      [workspace.id, ticket.id, ticket.customer.id, customerAt.toISOString(), new Date(customerAt.getTime() + 5 * minute).toISOString()],
    );
    await rapport.database.query('update tickets set first_reply_at = $1 where id = $2', [replyAt.toISOString(), ticket.id]);
    const now = new Date(at.getTime() + 60 * minute);
    await rapport.deps.db.transaction((tx) => refreshQueueKeys(tx, workspace.id, [ticket.id], now));
    expect(await storedKey(ticket.id)).toEqual(queueKey({ tier: 'standard', priority: 'normal', waitingSince: customerAt, replyDueAt: null }));
  });
});

describe('next ticket', () => {
  it('orders by key: the older ticket first, an enterprise ticket ahead by at most the cap', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const at = new Date('2026-03-02T09:00:00Z');
    const older = await queued(workspace, { createdAt: at });
    await queued(workspace, { createdAt: new Date(at.getTime() + 31 * minute), tier: 'enterprise' });
    const enterprise = await queued(workspace, { createdAt: new Date(at.getTime() + 29 * minute), tier: 'enterprise' });
    expect((await nextTicket(rapport.deps.db, workspace.agent.actor))?.id).toBe(enterprise.id);
    await api(workspace.agent).patch(`/api/v1/tickets/${enterprise.id}`, { assigneeId: workspace.lead.id });
    await rapport.deps.db.transaction((tx) => refreshQueueKeys(tx, workspace.id, [enterprise.id], at));
    expect((await nextTicket(rapport.deps.db, workspace.agent.actor))?.id).toBe(older.id);
    const response = await api(workspace.agent).get('/api/v1/queue/next');
    expect(response.statusCode).toBe(200);
    expect((response.json() as NextTicket).ticket).toMatchObject({ id: older.id, number: older.number, subject: older.subject });
    expect(response.json()).not.toHaveProperty('ticket.messages');
  });

  it("respects teams: the agent's teams plus unrouted tickets; a named team; the whole workspace for someone in no team", async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const billing = await createTeam(workspace, 'Billing', [workspace.agent]);
    const shipping = await createTeam(workspace, 'Shipping', [workspace.lead]);
    const at = new Date('2026-03-02T09:00:00Z');
    const shippingTicket = await queued(workspace, { createdAt: at, teamId: shipping });
    const billingTicket = await queued(workspace, { createdAt: new Date(at.getTime() + minute), teamId: billing });
    const unrouted = await queued(workspace, { createdAt: new Date(at.getTime() + 2 * minute) });
    expect((await nextTicket(rapport.deps.db, workspace.agent.actor))?.id).toBe(billingTicket.id);
    expect((await nextTicket(rapport.deps.db, workspace.lead.actor))?.id).toBe(shippingTicket.id);
    expect((await nextTicket(rapport.deps.db, workspace.admin.actor))?.id).toBe(shippingTicket.id); // in no team
    expect((await nextTicket(rapport.deps.db, workspace.agent.actor, { teamId: shipping }))?.id).toBe(shippingTicket.id);
    const taken = await api(workspace.agent).post('/api/v1/queue/next', {});
    expect(taken.statusCode).toBe(200);
    expect((taken.json() as NextTicket).ticket).toMatchObject({ id: billingTicket.id, assignee: { id: workspace.agent.id }, status: 'open' });
    expect((await nextTicket(rapport.deps.db, workspace.agent.actor))?.id).toBe(unrouted.id);
    const byTeam = await api(workspace.agent).get(`/api/v1/queue/next?team=${billing}`);
    expect((byTeam.json() as NextTicket).ticket).toBeNull();
    const unknownTeam = await api(workspace.agent).get(`/api/v1/queue/next?team=${crypto.randomUUID()}`);
    expect(unknownTeam.statusCode).toBe(404);
  });

  it('records a take like any assignment, and answers null when the queue is empty', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const ticket = await queued(workspace, { createdAt: new Date('2026-03-02T09:00:00Z') });
    const taken = await api(workspace.agent).post('/api/v1/queue/next', {}, { 'idempotency-key': 'take-next-ticket-1' });
    expect((taken.json() as NextTicket).ticket?.id).toBe(ticket.id);
    const replayed = await api(workspace.agent).post('/api/v1/queue/next', {}, { 'idempotency-key': 'take-next-ticket-1' });
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect((replayed.json() as NextTicket).ticket?.id).toBe(ticket.id);
    expect(await storedKey(ticket.id)).toBeNull();
    const audit = await rapport.database.query<{ action: string; data: { changes: Record<string, unknown> } }>(
      `select action, data from audit_log where subject_id = $1 and action = 'ticket.updated'`,
      [ticket.id],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]?.data.changes).toMatchObject({ assigneeId: { from: null, to: workspace.agent.id }, status: { from: 'new', to: 'open' } });
    const empty = await api(workspace.agent).post('/api/v1/queue/next', {});
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toEqual({ ticket: null });
  });

  it('gives agents taking at the same moment different tickets, the first of the queue', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const at = new Date('2026-03-02T09:00:00Z');
    const tickets: TicketDetail[] = [];
    for (let index = 0; index < 8; index += 1) tickets.push(await queued(workspace, { createdAt: new Date(at.getTime() + index * minute) }));
    const takers = [workspace.agent, workspace.lead, workspace.admin, workspace.agent, workspace.lead, workspace.admin];
    const taken = await Promise.all(takers.map((member) => takeNextTicket(rapport.deps, member.actor)));
    const ids = taken.map((result) => result.ticket?.id);
    expect(new Set(ids).size).toBe(6);
    expect(new Set(ids)).toEqual(new Set(tickets.slice(0, 6).map((ticket) => ticket.id)));
    for (const [index, result] of taken.entries()) expect(result.ticket?.assignee?.id).toBe(takers[index]?.id);
    const owners = await rapport.database.query<{ id: string; assignee_id: string | null }>('select id, assignee_id from tickets where workspace_id = $1', [workspace.id]);
    expect(owners.filter((row) => row.assignee_id !== null)).toHaveLength(6);
  });

  it("never shows or takes another workspace's tickets", async () => {
    const at = new Date('2020-01-01T00:00:00Z'); // far older than anything in `shop`
    const foreign = await queued(other, { createdAt: at, priority: 'urgent' });
    await queued(shop, { createdAt: new Date('2026-03-02T09:00:00Z') });
    const peek = await api(shop.agent).get('/api/v1/queue/next');
    expect((peek.json() as NextTicket).ticket?.id).not.toBe(foreign.id);
    const taken = await api(shop.agent).post('/api/v1/queue/next', {});
    expect((taken.json() as NextTicket).ticket?.id).not.toBe(foreign.id);
    expect(await storedKey(foreign.id)).not.toBeNull(); // still waiting in its own workspace
    const foreignTeam = await createTeam(other, 'Elsewhere', [other.agent]);
    expect((await api(shop.agent).get(`/api/v1/queue/next?team=${foreignTeam}`)).statusCode).toBe(404);
  });
});

describe('parity report', () => {
  it('reports first-reply and resolution times by tier over the window', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const day = new Date('2026-02-10T00:00:00Z');
    // standard: first replies after 10, 20, 30, 40 minutes; two solved after 60 and 120 minutes.
    const standard = [10, 20, 30, 40];
    for (const [index, replyMinutes] of standard.entries()) {
      const ticket = await queued(workspace, { createdAt: new Date(day.getTime() + index * minute) });
      const createdAt = new Date(day.getTime() + index * minute);
      await rapport.database.query('update tickets set first_reply_at = $1, solved_at = $2 where id = $3', [
        new Date(createdAt.getTime() + replyMinutes * minute).toISOString(),
        index < 2 ? new Date(createdAt.getTime() + (index + 1) * 60 * minute).toISOString() : null,
        ticket.id,
      ]);
    }
    // enterprise: one replied after 5 minutes, one not yet.
    const replied = await queued(workspace, { createdAt: day, tier: 'enterprise' });
    await rapport.database.query('update tickets set first_reply_at = $1 where id = $2', [new Date(day.getTime() + 5 * minute).toISOString(), replied.id]);
    await queued(workspace, { createdAt: day, tier: 'enterprise' });
    // Outside the window: not counted.
    await queued(workspace, { createdAt: new Date('2026-01-01T00:00:00Z') });

    const response = await api(workspace.lead).get('/api/v1/reports/parity?from=2026-02-01T00:00:00Z&to=2026-03-01T00:00:00Z');
    expect(response.statusCode).toBe(200);
    const report = response.json() as ParityReport;
    expect(report.from).toBe('2026-02-01T00:00:00.000Z');
    expect(report.tiers).toEqual([
      {
        tier: 'standard',
        tickets: 4,
        // percentile_cont over 10, 20, 30, 40: median 25, p90 = 30 + 0.7 × 10 = 37
        firstReply: { count: 4, medianMinutes: 25, p90Minutes: 37 },
        resolution: { count: 2, medianMinutes: 90, p90Minutes: 114 },
      },
      { tier: 'priority', tickets: 0, firstReply: { count: 0, medianMinutes: null, p90Minutes: null }, resolution: { count: 0, medianMinutes: null, p90Minutes: null } },
      { tier: 'enterprise', tickets: 2, firstReply: { count: 1, medianMinutes: 5, p90Minutes: 5 }, resolution: { count: 0, medianMinutes: null, p90Minutes: null } },
    ]);
    expect((await api(workspace.agent).get('/api/v1/reports/parity')).statusCode).toBe(403);
    const bad = await api(workspace.lead).get('/api/v1/reports/parity?from=2026-03-01T00:00:00Z&to=2026-02-01T00:00:00Z');
    expect(bad.statusCode).toBe(400);
  });
});
