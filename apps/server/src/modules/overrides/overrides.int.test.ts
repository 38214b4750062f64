/**
 * Overrides of automatic decisions (issue 7 part 9, P7) end to end through the API, on both
 * databases: extending and waiving SLA clocks (with the monitor and the re-evaluation after a policy
 * change, on a driven clock), routing a ticket by hand and resuming automatic routing, and the
 * ticket's and the workspace's lists of overrides. The auto-close override is tested with waiting.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecisionOverrideList, DecisionOverridePage, TicketRoutingState } from '@rapport/contracts/overrides';
import type { SlaPolicyDto, TicketSlaDto, TicketSlaList } from '@rapport/contracts/service';
import type { TicketDetail } from '@rapport/contracts/tickets';
import { startTestRapport, type TestRapport } from '../../../../../tests/support/rapport.ts';
import { apiAs } from '../../../../../tests/support/api-client.ts';
import { buildTicket, buildWorkspace, type WorkspaceFixture } from '../../../../../tests/support/factories.ts';
import { fixedClock } from '../../platform/clock.ts';
import type { OutboxEvent } from '../../platform/outbox-dispatcher.ts';
import { handleRoutingEvent } from '../routing/routing.ts';
import { markDueSlaClocks } from '../sla/sla-monitor.ts';
import { reevaluateOpenTickets } from '../sla/sla.ts';
import { addMember } from '../workspaces/provision-workspace.ts';

const clock = fixedClock(new Date());
let rapport: TestRapport;

beforeAll(async () => {
  rapport = await startTestRapport({ role: 'web', clock });
});
afterAll(async () => {
  await rapport?.stop();
});

const minute = 60_000;
const uid = () => randomBytes(4).toString('hex');
const ms = (iso: string | null | undefined) => (iso ? new Date(iso).getTime() : null);

async function createPolicy(shop: WorkspaceFixture, body: Record<string, unknown>): Promise<SlaPolicyDto> {
  const response = await apiAs(rapport, shop.admin).post('/api/v1/sla-policies', { businessHours: false, ...body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as SlaPolicyDto;
}

async function clocks(shop: WorkspaceFixture, ticketId: string): Promise<Record<string, TicketSlaDto>> {
  const response = await apiAs(rapport, shop.agent).get(`/api/v1/tickets/${ticketId}/sla`);
  expect(response.statusCode, response.body).toBe(200);
  return Object.fromEntries((response.json() as TicketSlaList).items.map((item) => [item.metric, item]));
}

async function slaEvents(shop: WorkspaceFixture, ticketId: string): Promise<string[]> {
  const rows = await rapport.database.query<{ action: string; metric: string }>(
    `select action, data->>'metric' as metric from audit_log where workspace_id = $1 and subject_id = $2 and action in ('sla.warning', 'sla.breached') order by id`,
    [shop.id, ticketId],
  );
  return rows.map((row) => `${row.metric}:${row.action}`);
}

const monitorPass = () => markDueSlaClocks({ db: rapport.deps.db, clock });

describe('SLA overrides', () => {
  it('extend moves the due time (cumulatively), keeps a breach that stays late, clears one that is back in time, and survives a policy change', async () => {
    const shop = await buildWorkspace(rapport.deps, 'SLA extend');
    const policy = await createPolicy(shop, { name: 'Everyone', firstReplyMinutes: 60, resolutionMinutes: 480, warnMinutes: 10 });
    const ticket = await buildTicket(rapport.deps, shop.agent.actor);
    const created = ms(ticket.createdAt)!;
    const lead = apiAs(rapport, shop.lead);
    const url = (metric: string) => `/api/v1/tickets/${ticket.number}/sla/${metric}/override`;

    const extended = await lead.post(url('first_reply'), { action: 'extend', minutes: 120, reason: 'The customer asked us to call back tomorrow.' });
    expect(extended.statusCode, extended.body).toBe(200);
    const first = (extended.json() as TicketSlaList).items.find((item) => item.metric === 'first_reply')!;
    expect(first).toMatchObject({ state: 'running', targetMinutes: 60, extraMinutes: 120, waived: null, extension: { actor: { id: shop.lead.id }, reason: 'The customer asked us to call back tomorrow.' } });
    expect(ms(first.dueAt)).toBe(created + 180 * minute);

    // Past the original due time: no warning, no breach.
    clock.set(new Date(created + 100 * minute));
    await monitorPass();
    expect(await slaEvents(shop, ticket.id)).toEqual([]);
    expect((await clocks(shop, ticket.id))['first_reply']).toMatchObject({ state: 'running', warning: false, breachedAt: null });
    // The moved warning and due times are kept by the monitor.
    clock.set(new Date(created + 175 * minute));
    await monitorPass();
    clock.set(new Date(created + 185 * minute));
    await monitorPass();
    expect(await slaEvents(shop, ticket.id)).toEqual(['first_reply:sla.warning', 'first_reply:sla.breached']);
    expect(ms((await clocks(shop, ticket.id))['first_reply']!.breachedAt)).toBe(created + 180 * minute);

    // Two more minutes: still late, the breach stays on record (and the answer says so).
    const tooLittle = await lead.post(url('first_reply'), { action: 'extend', minutes: 2, reason: 'Two more minutes for the call.' });
    expect(tooLittle.statusCode, tooLittle.body).toBe(200);
    const kept = (tooLittle.json() as TicketSlaList).items.find((item) => item.metric === 'first_reply')!;
    expect(kept).toMatchObject({ state: 'breached', extraMinutes: 122 });
    expect(ms(kept.breachedAt)).toBe(created + 180 * minute);
    clock.advance(1_000);
    // An hour more: the new due time is in the future, the breach is cleared and the clock runs again.
    const enough = await lead.post(url('first_reply'), { action: 'extend', minutes: 60, reason: 'The call moved to the afternoon.' });
    const cleared = (enough.json() as TicketSlaList).items.find((item) => item.metric === 'first_reply')!;
    expect(cleared).toMatchObject({ state: 'running', breachedAt: null, extraMinutes: 182, extension: { reason: 'The call moved to the afternoon.' } });
    expect(ms(cleared.dueAt)).toBe(created + 242 * minute);

    // A policy change re-evaluates the clock and keeps the extra minutes.
    expect((await apiAs(rapport, shop.admin).patch(`/api/v1/sla-policies/${policy.id}`, { firstReplyMinutes: 90 })).statusCode).toBe(200);
    await reevaluateOpenTickets({ db: rapport.deps.db, clock }, shop.id);
    const after = (await clocks(shop, ticket.id))['first_reply']!;
    expect(after).toMatchObject({ targetMinutes: 90, extraMinutes: 182, state: 'running' });
    expect(ms(after.dueAt)).toBe(created + (90 + 182) * minute);
    // A ticket change (reopened work) keeps it too.
    expect((await apiAs(rapport, shop.agent).patch(`/api/v1/tickets/${ticket.id}`, { priority: 'high' })).statusCode).toBe(200);
    expect((await clocks(shop, ticket.id))['first_reply']).toMatchObject({ extraMinutes: 182 });

    // Each override is on the ticket's list, oldest first, with the due times before and after.
    const list = await apiAs(rapport, shop.agent).get(`/api/v1/tickets/${ticket.id}/overrides`);
    expect(list.statusCode, list.body).toBe(200);
    const items = (list.json() as DecisionOverrideList).items;
    expect(items.map((item) => [item.kind, item.subject, item.after['minutes']])).toEqual([
      ['sla', 'first_reply', 120],
      ['sla', 'first_reply', 2],
      ['sla', 'first_reply', 60],
    ]);
    expect(items[0]).toMatchObject({ actor: { id: shop.lead.id }, ticket: { id: ticket.id, number: ticket.number }, before: { extraMinutes: 0 }, after: { action: 'extend', extraMinutes: 120 } });
    expect(ms(items[0]!.before['dueAt'] as string)).toBe(created + 60 * minute);
    expect(items[1]!.after).toMatchObject({ breachKept: true });
    expect(items[2]!.after).toMatchObject({ breachKept: false, breachedAt: null });
    const audit = await rapport.database.query<{ n: number }>(`select count(*)::int as n from audit_log where workspace_id = $1 and subject_id = $2 and action = 'override.sla'`, [shop.id, ticket.id]);
    expect(audit[0]!.n).toBe(3);
  });

  it('waive stops the clock for good: no warning or breach, through reopening and policy changes', async () => {
    const shop = await buildWorkspace(rapport.deps, 'SLA waive');
    const policy = await createPolicy(shop, { name: 'Everyone', firstReplyMinutes: 60, resolutionMinutes: 240, warnMinutes: 10 });
    const ticket = await buildTicket(rapport.deps, shop.agent.actor);
    const created = ms(ticket.createdAt)!;
    const lead = apiAs(rapport, shop.lead);
    clock.set(new Date(created + 30 * minute));

    const waived = await lead.post(`/api/v1/tickets/${ticket.id}/sla/resolution/override`, { action: 'waive', reason: 'Waiting on the carrier investigation, agreed with the customer.' });
    expect(waived.statusCode, waived.body).toBe(200);
    const resolution = (waived.json() as TicketSlaList).items.find((item) => item.metric === 'resolution')!;
    expect(resolution).toMatchObject({ dueAt: null, warning: false, breachedAt: null, stoppedAt: clock.now().toISOString() });
    expect(resolution.waived).toMatchObject({ at: clock.now().toISOString(), actor: { id: shop.lead.id }, reason: 'Waiting on the carrier investigation, agreed with the customer.' });

    // Pending and back, a policy change, and long past the due time: never a warning or breach.
    const agent = apiAs(rapport, shop.agent);
    expect((await agent.patch(`/api/v1/tickets/${ticket.id}`, { status: 'pending' })).statusCode).toBe(200);
    expect((await agent.patch(`/api/v1/tickets/${ticket.id}`, { status: 'open' })).statusCode).toBe(200);
    expect((await apiAs(rapport, shop.admin).patch(`/api/v1/sla-policies/${policy.id}`, { resolutionMinutes: 120 })).statusCode).toBe(200);
    await reevaluateOpenTickets({ db: rapport.deps.db, clock }, shop.id);
    clock.set(new Date(created + 600 * minute));
    await monitorPass();
    // First reply breaches (its warning window passed unseen); the waived resolution clock says nothing.
    expect(await slaEvents(shop, ticket.id)).toEqual(['first_reply:sla.breached']);
    const state = await clocks(shop, ticket.id);
    expect(state['resolution']).toMatchObject({ targetMinutes: 120, dueAt: null, breachedAt: null, warning: false, waived: { reason: 'Waiting on the carrier investigation, agreed with the customer.' } });
    expect(state['first_reply']).toMatchObject({ state: 'breached', waived: null });
    // The ticket list no longer counts the waived clock: only first reply is breached.
    const row = (await agent.get(`/api/v1/tickets/${ticket.id}`)).json() as TicketDetail;
    expect(row.sla).toMatchObject({ metric: 'first_reply' });

    // Solved and reopened: still waived.
    expect((await agent.patch(`/api/v1/tickets/${ticket.id}`, { status: 'solved', outcome: 'solved' })).statusCode).toBe(200);
    expect((await agent.patch(`/api/v1/tickets/${ticket.id}`, { status: 'open' })).statusCode).toBe(200);
    expect((await clocks(shop, ticket.id))['resolution']).toMatchObject({ dueAt: null, breachedAt: null, waived: { actor: { id: shop.lead.id } } });

    // Already waived: nothing left to override.
    for (const body of [{ action: 'waive', reason: 'Once more please' }, { action: 'extend', minutes: 5, reason: 'A little more time' }]) {
      const again = await lead.post(`/api/v1/tickets/${ticket.id}/sla/resolution/override`, body);
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ error: { code: 'OVERRIDE_NOT_APPLICABLE' } });
    }
  });

  it('refuses without a reason, without a clock, out of range, and to agents', async () => {
    const shop = await buildWorkspace(rapport.deps, 'SLA refusals');
    await createPolicy(shop, { name: 'First reply only', firstReplyMinutes: 60 });
    const ticket = await buildTicket(rapport.deps, shop.agent.actor);
    const lead = apiAs(rapport, shop.lead);
    const url = (metric: string) => `/api/v1/tickets/${ticket.id}/sla/${metric}/override`;
    for (const body of [
      { action: 'waive' },
      { action: 'waive', reason: '  ok ' },
      { action: 'extend', minutes: 30 },
      { action: 'extend', minutes: 0, reason: 'No time at all' },
      { action: 'extend', minutes: 43_201, reason: 'More than a month' },
      { action: 'pause', reason: 'Not an action' },
    ]) {
      const response = await lead.post(url('first_reply'), body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }
    expect((await lead.post(url('sometime'), { action: 'waive', reason: 'Unknown metric' })).statusCode).toBe(400);
    const noClock = await lead.post(url('resolution'), { action: 'waive', reason: 'There is no such clock' });
    expect(noClock.statusCode).toBe(409);
    expect(noClock.json()).toMatchObject({ error: { code: 'OVERRIDE_NOT_APPLICABLE', details: { metric: 'resolution' } } });
    const agent = await apiAs(rapport, shop.agent).post(url('first_reply'), { action: 'waive', reason: 'Agents cannot do this' });
    expect(agent.statusCode).toBe(403);
    expect(agent.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    // Another workspace's ticket is not found.
    const other = await buildWorkspace(rapport.deps, 'Other');
    expect((await apiAs(rapport, other.lead).post(url('first_reply'), { action: 'waive', reason: 'Not my ticket' })).statusCode).toBe(404);
    // Nothing was recorded by the refusals.
    expect(((await lead.get(`/api/v1/tickets/${ticket.id}/overrides`)).json() as DecisionOverrideList).items).toEqual([]);
    expect((await clocks(shop, ticket.id))['first_reply']).toMatchObject({ extraMinutes: 0, waived: null });
  });
});

// ---- Routing ------------------------------------------------------------------------------------

async function addOnlineAgent(workspace: WorkspaceFixture, name: string): Promise<string> {
  const { user } = await addMember(rapport.deps.db, {
    workspaceId: workspace.id,
    email: `${name.toLowerCase()}-${uid()}@example.test`,
    name: `${name} ${uid()}`,
    password: 'a long enough password',
    role: 'agent',
    languages: ['en'],
    now: clock.now(),
  });
  await rapport.database.query(`update memberships set availability = 'online' where workspace_id = $1 and user_id = $2`, [workspace.id, user.id]);
  return user.id;
}

async function routedTeam(workspace: WorkspaceFixture, members: string[]): Promise<string> {
  const admin = apiAs(rapport, workspace.admin);
  const teamId = ((await admin.post('/api/v1/teams', { name: `Team ${uid()}` })).json() as { id: string }).id;
  expect((await admin.put(`/api/v1/teams/${teamId}/members`, { userIds: members })).statusCode).toBe(200);
  expect((await admin.patch(`/api/v1/teams/${teamId}/routing`, { routing: 'round_robin' })).statusCode).toBe(200);
  return teamId;
}

async function latestEvent(workspace: WorkspaceFixture, ticketId: string): Promise<OutboxEvent> {
  const [row] = await rapport.database.query<{ id: number; topic: string; version: number; workspace_id: string; payload: Record<string, unknown> }>(
    `select id, topic, version, workspace_id, payload from outbox where workspace_id = $1 and payload->>'ticketId' = $2 and topic like 'ticket.%' order by id desc limit 1`,
    [workspace.id, ticketId],
  );
  return { eventId: Number(row!.id), topic: row!.topic, version: row!.version, workspaceId: row!.workspace_id, payload: row!.payload };
}

async function assigneeOf(workspace: WorkspaceFixture, ticketId: string): Promise<string | null> {
  return ((await apiAs(rapport, workspace.agent).get(`/api/v1/tickets/${ticketId}`)).json() as TicketDetail).assignee?.id ?? null;
}

describe('routing overrides', () => {
  it('routes by hand with a reason, turns automatic routing off (events leave the ticket alone), and resumes it', async () => {
    const shop = await buildWorkspace(rapport.deps, 'Routing override');
    const ann = await addOnlineAgent(shop, 'Ann');
    const bob = await addOnlineAgent(shop, 'Bob');
    const teamId = await routedTeam(shop, [ann, bob]);
    const ticket = await buildTicket(rapport.deps, shop.agent.actor, { teamId });
    await rapport.database.query(`update tickets set routing_flag = 'no_language_speaker' where id = $1`, [ticket.id]);
    const agent = apiAs(rapport, shop.agent);
    const url = `/api/v1/tickets/${ticket.number}/routing/override`;

    const initial = await agent.get(`/api/v1/tickets/${ticket.id}/routing`);
    expect(initial.json()).toMatchObject({ autoRouting: true, routingFlag: 'no_language_speaker', teamId, override: null });

    // Reason required; something to change required.
    expect((await agent.post(url, { assigneeId: bob })).statusCode).toBe(400);
    expect((await agent.post(url, { reason: 'Nothing chosen here' })).statusCode).toBe(400);
    expect((await agent.post(url, { assigneeId: 'not-a-uuid', reason: 'Bad id' })).statusCode).toBe(400);

    const routed = await agent.post(url, { assigneeId: bob, reason: 'Bob knows this customer well.' });
    expect(routed.statusCode, routed.body).toBe(200);
    expect(routed.json()).toMatchObject({ autoRouting: false, routingFlag: null, override: { reason: 'Bob knows this customer well.', actor: { id: shop.agent.id } } });
    expect(await assigneeOf(shop, ticket.id)).toBe(bob);

    // Unassigned by hand: the unassignment event does not route it again.
    clock.advance(1_000);
    const unassigned = await agent.post(url, { assigneeId: null, reason: 'Bob is off sick; I will hand it out myself.' });
    expect(unassigned.statusCode, unassigned.body).toBe(200);
    await handleRoutingEvent(rapport.deps, await latestEvent(shop, ticket.id));
    expect(await assigneeOf(shop, ticket.id)).toBeNull();
    const state = (await agent.get(`/api/v1/tickets/${ticket.id}/routing`)).json() as TicketRoutingState;
    expect(state).toMatchObject({ autoRouting: false, override: { reason: 'Bob is off sick; I will hand it out myself.' } });

    // Resume: automatic routing takes it at once.
    clock.advance(1_000);
    const resumed = await agent.post(url, { action: 'resume', reason: 'Back to normal routing.' });
    expect(resumed.statusCode, resumed.body).toBe(200);
    expect(resumed.json()).toMatchObject({ autoRouting: true, override: null });
    expect([ann, bob]).toContain(await assigneeOf(shop, ticket.id));
    const again = await agent.post(url, { action: 'resume', reason: 'Back to normal routing.' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'OVERRIDE_NOT_APPLICABLE' } });

    const items = ((await agent.get(`/api/v1/tickets/${ticket.id}/overrides`)).json() as DecisionOverrideList).items;
    expect(items.map((item) => [item.kind, item.subject])).toEqual([
      ['routing', 'assign'],
      ['routing', 'assign'],
      ['routing', 'resume'],
    ]);
    expect(items[0]).toMatchObject({ before: { assigneeId: null, routingFlag: 'no_language_speaker', autoRouting: true }, after: { assigneeId: bob, autoRouting: false } });
    const audit = await rapport.database.query(`select 1 from audit_log where workspace_id = $1 and subject_id = $2 and action = 'override.routing'`, [shop.id, ticket.id]);
    expect(audit).toHaveLength(3);
  });

  it('moves a ticket to another team by hand', async () => {
    const shop = await buildWorkspace(rapport.deps, 'Routing team move');
    const cat = await addOnlineAgent(shop, 'Cat');
    const first = await routedTeam(shop, [cat]);
    const second = await routedTeam(shop, [cat]);
    const ticket = await buildTicket(rapport.deps, shop.agent.actor, { teamId: first });
    const moved = await apiAs(rapport, shop.lead).post(`/api/v1/tickets/${ticket.id}/routing/override`, { teamId: second, reason: 'This is a billing question.' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ teamId: second, autoRouting: false });
    await handleRoutingEvent(rapport.deps, await latestEvent(shop, ticket.id));
    expect(await assigneeOf(shop, ticket.id)).toBeNull();
    const missing = await apiAs(rapport, shop.lead).post(`/api/v1/tickets/${ticket.id}/routing/override`, { teamId: '00000000-0000-4000-8000-000000000000', reason: 'No such team' });
    expect(missing.json()).toMatchObject({ error: { code: 'TEAM_NOT_FOUND' } });
  });
});

// ---- The leads' list ----------------------------------------------------------------------------

describe('the list of overrides', () => {
  it('lists the workspace overrides newest first, by kind, in pages, for leads only', async () => {
    const shop = await buildWorkspace(rapport.deps, 'Override list');
    await createPolicy(shop, { name: 'Everyone', firstReplyMinutes: 60, resolutionMinutes: 480 });
    const ticket = await buildTicket(rapport.deps, shop.agent.actor);
    const lead = apiAs(rapport, shop.lead);
    expect((await lead.post(`/api/v1/tickets/${ticket.id}/sla/first_reply/override`, { action: 'extend', minutes: 30, reason: 'First override' })).statusCode).toBe(200);
    clock.advance(1_000);
    expect((await lead.post(`/api/v1/tickets/${ticket.id}/routing/override`, { assigneeId: shop.lead.id, reason: 'Second override' })).statusCode).toBe(200);
    clock.advance(1_000);
    expect((await lead.post(`/api/v1/tickets/${ticket.id}/sla/resolution/override`, { action: 'waive', reason: 'Third override' })).statusCode).toBe(200);
    // Another workspace's override stays out.
    const other = await buildWorkspace(rapport.deps, 'Other list');
    await createPolicy(other, { name: 'Everyone', firstReplyMinutes: 60 });
    const theirs = await buildTicket(rapport.deps, other.agent.actor);
    expect((await apiAs(rapport, other.lead).post(`/api/v1/tickets/${theirs.id}/sla/first_reply/override`, { action: 'waive', reason: 'Not yours' })).statusCode).toBe(200);

    const all = await lead.get('/api/v1/overrides');
    expect(all.statusCode, all.body).toBe(200);
    expect((all.json() as DecisionOverridePage).items.map((item) => item.reason)).toEqual(['Third override', 'Second override', 'First override']);
    const sla = (await lead.get('/api/v1/overrides?kind=sla')).json() as DecisionOverridePage;
    expect(sla.items.map((item) => item.reason)).toEqual(['Third override', 'First override']);
    expect(sla.items[0]).toMatchObject({ kind: 'sla', subject: 'resolution', ticket: { id: ticket.id, number: ticket.number, subject: ticket.subject }, actor: { id: shop.lead.id } });

    const firstPage = (await lead.get('/api/v1/overrides?limit=2')).json() as DecisionOverridePage;
    expect(firstPage.items).toHaveLength(2);
    expect(firstPage.nextCursor).not.toBeNull();
    const secondPage = (await lead.get(`/api/v1/overrides?limit=2&cursor=${firstPage.nextCursor}`)).json() as DecisionOverridePage;
    expect(secondPage).toMatchObject({ items: [{ reason: 'First override' }], nextCursor: null });

    expect((await lead.get('/api/v1/overrides?kind=nonsense')).statusCode).toBe(400);
    expect((await apiAs(rapport, shop.agent).get('/api/v1/overrides')).statusCode).toBe(403);
    // Agents read a ticket's own overrides.
    expect(((await apiAs(rapport, shop.agent).get(`/api/v1/tickets/${ticket.id}/overrides`)).json() as DecisionOverrideList).items).toHaveLength(3);
  });
});
