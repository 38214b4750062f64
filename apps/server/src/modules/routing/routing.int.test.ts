/**
 * Routing end to end on both databases: the outbox listener (driven with the real outbox events)
 * and the API. Round robin across three agents, load balancing with a max, an away agent skipped,
 * a French ticket with no French speaker sent to the fallback team and flagged, required skills,
 * idempotency under re-delivery, "route now", the availability and profile endpoints, and another
 * workspace left untouched.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MyAvailability, RouteResult, RoutingAgentList, TeamRoutingDto, TeamRoutingList } from '@rapport/contracts/routing';
import type { TicketDetail } from '@rapport/contracts/tickets';
import { startTestRapport, type TestRapport } from '../../../../../tests/support/rapport.ts';
import { apiAs } from '../../../../../tests/support/api-client.ts';
import { buildTicket, buildWorkspace, type WorkspaceFixture } from '../../../../../tests/support/factories.ts';
import type { OutboxEvent } from '../../platform/outbox-dispatcher.ts';
import { addMember } from '../workspaces/provision-workspace.ts';
import { handleRoutingEvent, routeTicket, routingListener } from './routing.ts';

let rapport: TestRapport;
let shop: WorkspaceFixture;
let other: WorkspaceFixture;

beforeAll(async () => {
  rapport = await startTestRapport({ role: 'web' });
  shop = await buildWorkspace(rapport.deps, 'Routing shop');
  other = await buildWorkspace(rapport.deps, 'Other shop');
});
afterAll(async () => {
  await rapport?.stop();
});

const uid = () => randomBytes(4).toString('hex');

interface AgentSpec {
  name: string;
  availability?: 'online' | 'away' | 'offline';
  languages?: string[];
  skills?: string[];
  maxOpenTickets?: number | null;
}

async function addAgent(workspace: WorkspaceFixture, spec: AgentSpec): Promise<string> {
  const { user } = await addMember(rapport.deps.db, {
    workspaceId: workspace.id,
    email: `${spec.name.toLowerCase()}-${uid()}@example.test`,
    name: `${spec.name} ${uid()}`,
    password: 'a long enough password',
    role: 'agent',
    languages: spec.languages ?? ['en'],
    now: rapport.deps.clock.now(),
  });
  await rapport.database.query('update memberships set availability = $3, skills = $4, max_open_tickets = $5 where workspace_id = $1 and user_id = $2', [
    workspace.id,
    user.id,
    spec.availability ?? 'online',
    spec.skills ?? [],
    spec.maxOpenTickets ?? null,
  ]);
  return user.id;
}

async function makeTeam(workspace: WorkspaceFixture, members: string[], routing: 'manual' | 'round_robin' | 'load_balanced', fallbackTeamId?: string): Promise<string> {
  const admin = apiAs(rapport, workspace.admin);
  const created = await admin.post('/api/v1/teams', { name: `Team ${uid()}` });
  expect(created.statusCode, created.body).toBe(201);
  const teamId = (created.json() as { id: string }).id;
  const set = await admin.put(`/api/v1/teams/${teamId}/members`, { userIds: members });
  expect(set.statusCode, set.body).toBe(200);
  const routed = await admin.patch(`/api/v1/teams/${teamId}/routing`, { routing, ...(fallbackTeamId ? { fallbackTeamId } : {}) });
  expect(routed.statusCode, routed.body).toBe(200);
  return teamId;
}

/** The real outbox event the ticket's creation wrote. */
async function creationEvent(workspace: WorkspaceFixture, ticketId: string): Promise<OutboxEvent> {
  const [row] = await rapport.database.query<{ id: number; topic: string; version: number; workspace_id: string; payload: Record<string, unknown> }>(
    `select id, topic, version, workspace_id, payload from outbox where workspace_id = $1 and topic = 'ticket.created' and payload->>'ticketId' = $2`,
    [workspace.id, ticketId],
  );
  expect(row).toBeDefined();
  return { eventId: Number(row!.id), topic: row!.topic, version: row!.version, workspaceId: row!.workspace_id, payload: row!.payload };
}

async function ticketState(workspace: WorkspaceFixture, ticketId: string) {
  const [row] = await rapport.database.query<{ assignee_id: string | null; team_id: string | null; routing_flag: string | null; status: string }>(
    'select assignee_id, team_id, routing_flag, status from tickets where workspace_id = $1 and id = $2',
    [workspace.id, ticketId],
  );
  return { assigneeId: row!.assignee_id, teamId: row!.team_id, routingFlag: row!.routing_flag, status: row!.status };
}

/** Creates a ticket in the team and delivers its creation event to the routing listener. */
async function routedTicket(workspace: WorkspaceFixture, teamId: string, options: { language?: string; requiredSkills?: string[] } = {}) {
  const ticket = await buildTicket(rapport.deps, workspace.agent.actor, { teamId, ...(options.language ? { language: options.language } : {}) });
  if (options.requiredSkills) await rapport.database.query('update tickets set required_skills = $2 where id = $1', [ticket.id, options.requiredSkills]);
  await handleRoutingEvent(rapport.deps, await creationEvent(workspace, ticket.id));
  return { id: ticket.id, ...(await ticketState(workspace, ticket.id)) };
}

describe('routing', () => {
  it('is registered as an outbox listener of ticket creation, change and assignment', () => {
    const listener = routingListener(rapport.deps);
    expect(listener.topics).toEqual(expect.arrayContaining(['ticket.created', 'ticket.updated', 'ticket.assigned']));
  });

  it('round-robin gives three agents one ticket each before anyone gets a second, through the ordinary assignment', async () => {
    const agents = [await addAgent(shop, { name: 'Ann' }), await addAgent(shop, { name: 'Bob' }), await addAgent(shop, { name: 'Cat' })];
    const teamId = await makeTeam(shop, agents, 'round_robin');
    const assignees: (string | null)[] = [];
    for (let index = 0; index < 6; index += 1) assignees.push((await routedTicket(shop, teamId)).assigneeId);
    expect(new Set(assignees.slice(0, 3))).toEqual(new Set(agents));
    expect(assignees.slice(3)).toEqual(assignees.slice(0, 3));

    // The assignment is a ticket change like a person's: status open, audit by the system, an assignment event.
    const ticket = await routedTicket(shop, teamId);
    expect(ticket.status).toBe('open');
    const [audit] = await rapport.database.query<{ actor_type: string; data: { changes: { assigneeId: { to: string } } } }>(
      `select actor_type, data from audit_log where workspace_id = $1 and subject_id = $2 and action = 'ticket.updated'`,
      [shop.id, ticket.id],
    );
    expect(audit?.actor_type).toBe('system');
    expect(audit?.data.changes.assigneeId.to).toBe(ticket.assigneeId);
    const events = await rapport.database.query(`select 1 from outbox where workspace_id = $1 and topic = 'ticket.assigned' and payload->>'ticketId' = $2`, [shop.id, ticket.id]);
    expect(events).toHaveLength(1);
  });

  it('handles the same event twice and assigns once; a manual team is left alone', async () => {
    const agents = [await addAgent(shop, { name: 'Dee' }), await addAgent(shop, { name: 'Eve' })];
    const teamId = await makeTeam(shop, agents, 'round_robin');
    const ticket = await routedTicket(shop, teamId);
    expect(ticket.assigneeId).not.toBeNull();
    await handleRoutingEvent(rapport.deps, await creationEvent(shop, ticket.id));
    expect((await ticketState(shop, ticket.id)).assigneeId).toBe(ticket.assigneeId);
    const assignments = await rapport.database.query(`select 1 from outbox where workspace_id = $1 and topic = 'ticket.assigned' and payload->>'ticketId' = $2`, [shop.id, ticket.id]);
    expect(assignments).toHaveLength(1);

    const manualTeam = await makeTeam(shop, agents, 'manual');
    expect((await routedTicket(shop, manualTeam)).assigneeId).toBeNull();
  });

  it('load-balanced gives the least loaded agent the ticket and nobody more than their max', async () => {
    const busy = await addAgent(shop, { name: 'Fay', maxOpenTickets: 2 });
    const calm = await addAgent(shop, { name: 'Gus', maxOpenTickets: 3 });
    const teamId = await makeTeam(shop, [busy, calm], 'load_balanced');
    // Fay already has one open ticket.
    await buildTicket(rapport.deps, shop.agent.actor, { assigneeId: busy });
    const assignees: (string | null)[] = [];
    for (let index = 0; index < 6; index += 1) assignees.push((await routedTicket(shop, teamId)).assigneeId);
    expect(assignees.filter((id) => id === busy)).toHaveLength(1);
    expect(assignees.filter((id) => id === calm)).toHaveLength(3);
    expect(assignees.slice(4)).toEqual([null, null]);
    expect(assignees[0]).toBe(calm);

    const agents = await apiAs(rapport, shop.lead).get('/api/v1/routing/agents');
    expect(agents.statusCode, agents.body).toBe(200);
    const byId = new Map((agents.json() as RoutingAgentList).items.map((agent) => [agent.id, agent]));
    expect(byId.get(busy)).toMatchObject({ openTickets: 2, maxOpenTickets: 2, availability: 'online' });
    expect(byId.get(calm)).toMatchObject({ openTickets: 3, maxOpenTickets: 3 });
    expect(byId.get(calm)?.teamIds).toContain(teamId);
  });

  it('keeps each agent within their maximum when tickets of one team are routed at the same moment', async () => {
    const first = await addAgent(shop, { name: 'Hal', maxOpenTickets: 1 });
    const second = await addAgent(shop, { name: 'Ivy', maxOpenTickets: 1 });
    const teamId = await makeTeam(shop, [first, second], 'load_balanced');
    const tickets = [];
    for (let index = 0; index < 4; index += 1) tickets.push(await buildTicket(rapport.deps, shop.agent.actor, { teamId }));
    // Four routers at once (the pool gives each its own connection on PostgreSQL).
    await Promise.all(tickets.map((ticket) => routeTicket(rapport.deps, shop.id, ticket.id)));
    const assignees = await Promise.all(tickets.map(async (ticket) => (await ticketState(shop, ticket.id)).assigneeId));
    expect(assignees.filter((id) => id === first)).toHaveLength(1);
    expect(assignees.filter((id) => id === second)).toHaveLength(1);
    expect(assignees.filter((id) => id === null)).toHaveLength(2);
  });

  it('skips an away or offline agent', async () => {
    const away = await addAgent(shop, { name: 'Hal', availability: 'away' });
    const offline = await addAgent(shop, { name: 'Ida', availability: 'offline' });
    const online = await addAgent(shop, { name: 'Jo' });
    const teamId = await makeTeam(shop, [away, offline, online], 'round_robin');
    for (let index = 0; index < 3; index += 1) expect((await routedTicket(shop, teamId)).assigneeId).toBe(online);

    // Jo goes away: the next ticket waits unassigned in the team's queue.
    await rapport.database.query(`update memberships set availability = 'away' where workspace_id = $1 and user_id = $2`, [shop.id, online]);
    expect((await routedTicket(shop, teamId)).assigneeId).toBeNull();
  });

  it('sends a French ticket nobody online speaks to the fallback team, flagged', async () => {
    const english = await addAgent(shop, { name: 'Kim', languages: ['en'] });
    const frenchButOffline = await addAgent(shop, { name: 'Léa', languages: ['fr'], availability: 'offline' });
    const french = await addAgent(shop, { name: 'Max', languages: ['fr', 'en'] });
    const fallbackId = await makeTeam(shop, [french], 'round_robin');
    const teamId = await makeTeam(shop, [english, frenchButOffline], 'round_robin', fallbackId);

    const ticket = await routedTicket(shop, teamId, { language: 'fr' });
    expect(ticket).toMatchObject({ teamId: fallbackId, routingFlag: 'no_language_match', assigneeId: french });
    const [flagged] = await rapport.database.query<{ data: { fromTeamId: string; toTeamId: string } }>(
      `select data from audit_log where workspace_id = $1 and subject_id = $2 and action = 'ticket.routing_flagged'`,
      [shop.id, ticket.id],
    );
    expect(flagged?.data).toMatchObject({ fromTeamId: teamId, toTeamId: fallbackId });

    // An English ticket stays in its team.
    expect(await routedTicket(shop, teamId, { language: 'en-GB' })).toMatchObject({ teamId, routingFlag: null, assigneeId: english });

    // The fallback team is manual: the ticket moves there unassigned, flagged, and stays put on re-delivery.
    const manualFallback = await makeTeam(shop, [french], 'manual');
    const teamTwo = await makeTeam(shop, [english], 'load_balanced', manualFallback);
    const waiting = await routedTicket(shop, teamTwo, { language: 'fr-CA' });
    expect(waiting).toMatchObject({ teamId: manualFallback, routingFlag: 'no_language_match', assigneeId: null });
    await handleRoutingEvent(rapport.deps, await creationEvent(shop, waiting.id));
    expect(await ticketState(shop, waiting.id)).toMatchObject({ teamId: manualFallback, assigneeId: null });
  });

  it('gives a ticket needing skills only to an agent with all of them', async () => {
    const generalist = await addAgent(shop, { name: 'Ned', skills: ['billing'] });
    const expert = await addAgent(shop, { name: 'Oli', skills: ['billing', 'refunds'] });
    const teamId = await makeTeam(shop, [generalist, expert], 'round_robin');
    for (let index = 0; index < 2; index += 1) expect((await routedTicket(shop, teamId, { requiredSkills: ['refunds', 'billing'] })).assigneeId).toBe(expert);
    expect((await routedTicket(shop, teamId, { requiredSkills: ['api'] })).assigneeId).toBeNull();
  });

  it('routes now on request, or answers ROUTING_NO_AGENT', async () => {
    const agent = await addAgent(shop, { name: 'Pam' });
    const teamId = await makeTeam(shop, [agent], 'manual');
    const ticket = await buildTicket(rapport.deps, shop.agent.actor, { teamId });
    const api = apiAs(rapport, shop.agent);
    const routed = await api.post(`/api/v1/tickets/${ticket.number}/route`, {});
    expect(routed.statusCode, routed.body).toBe(200);
    expect(routed.json()).toMatchObject({ ticketId: ticket.id, assigneeId: agent, teamId, changed: true, reason: 'assigned' } satisfies Partial<RouteResult>);
    // Again: it is assigned; nothing to do, and no second assignment.
    const again = await api.post(`/api/v1/tickets/${ticket.id}/route`, {});
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ assigneeId: agent, changed: false, reason: 'already_assigned' });
    // The person who asked is the actor of the assignment.
    const [audit] = await rapport.database.query<{ actor_id: string }>(`select actor_id from audit_log where workspace_id = $1 and subject_id = $2 and action = 'ticket.updated'`, [shop.id, ticket.id]);
    expect(audit?.actor_id).toBe(shop.agent.id);

    await rapport.database.query(`update memberships set availability = 'offline' where workspace_id = $1 and user_id = $2`, [shop.id, agent]);
    const nobody = await buildTicket(rapport.deps, shop.agent.actor, { teamId });
    const refused = await api.post(`/api/v1/tickets/${nobody.number}/route`, {});
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json()).toMatchObject({ error: { code: 'ROUTING_NO_AGENT', details: { reason: 'none_online' } } });
  });

  it('lets agents set their own availability, languages and skills; the max and others need team.manage', async () => {
    const api = apiAs(rapport, shop.agent);
    expect((await api.get('/api/v1/me/availability')).json()).toEqual({ availability: 'offline' });
    const set = await api.patch('/api/v1/me/availability', { availability: 'online' });
    expect(set.statusCode, set.body).toBe(200);
    expect((set.json() as MyAvailability).availability).toBe('online');
    expect((await api.get('/api/v1/me/availability')).json()).toEqual({ availability: 'online' });
    expect((await api.patch('/api/v1/me/availability', { availability: 'busy' })).statusCode).toBe(400);

    const own = await api.patch(`/api/v1/members/${shop.agent.id}/routing`, { languages: ['fr', 'en', 'fr'], skills: ['Billing'] });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({ id: shop.agent.id, languages: ['en', 'fr'], skills: ['billing'], availability: 'online' });
    expect((await api.patch(`/api/v1/members/${shop.agent.id}/routing`, { maxOpenTickets: 5 })).statusCode).toBe(403);
    expect((await api.patch(`/api/v1/members/${shop.lead.id}/routing`, { skills: ['api'] })).statusCode).toBe(403);
    const byLead = await apiAs(rapport, shop.lead).patch(`/api/v1/members/${shop.agent.id}/routing`, { maxOpenTickets: 5 });
    expect(byLead.statusCode, byLead.body).toBe(200);
    expect(byLead.json()).toMatchObject({ maxOpenTickets: 5, skills: ['billing'] });
    // A member of another workspace is not found.
    expect((await apiAs(rapport, shop.lead).patch(`/api/v1/members/${other.agent.id}/routing`, { maxOpenTickets: 5 })).statusCode).toBe(404);

    const teamId = await makeTeam(shop, [shop.agent.id], 'round_robin');
    const teams = await apiAs(rapport, shop.agent).get('/api/v1/routing/teams');
    expect(teams.statusCode).toBe(200);
    expect((teams.json() as TeamRoutingList).items.find((team) => team.id === teamId)).toMatchObject({ routing: 'round_robin', fallbackTeamId: null } satisfies Partial<TeamRoutingDto>);
    const admin = apiAs(rapport, shop.admin);
    expect((await admin.patch(`/api/v1/teams/${teamId}/routing`, { fallbackTeamId: teamId })).statusCode).toBe(400);
    const otherTeam = await makeTeam(other, [], 'manual');
    expect((await admin.patch(`/api/v1/teams/${teamId}/routing`, { fallbackTeamId: otherTeam })).statusCode).toBe(404);
    expect((await apiAs(rapport, shop.agent).patch(`/api/v1/teams/${teamId}/routing`, { routing: 'manual' })).statusCode).toBe(403);
  });

  it('leaves another workspace untouched', async () => {
    const ours = await addAgent(shop, { name: 'Quin' });
    const teamId = await makeTeam(shop, [ours], 'round_robin');
    const theirs = await addAgent(other, { name: 'Rex' });
    const theirTeam = await makeTeam(other, [theirs], 'round_robin');
    const theirTicket = await buildTicket(rapport.deps, other.agent.actor, { teamId: theirTeam });
    const before = await ticketState(other, theirTicket.id);

    // Our routing never picks their agent, and an event naming their ticket under our workspace does nothing.
    expect((await routedTicket(shop, teamId)).assigneeId).toBe(ours);
    const event = await creationEvent(other, theirTicket.id);
    await handleRoutingEvent(rapport.deps, { ...event, workspaceId: shop.id });
    expect(await ticketState(other, theirTicket.id)).toEqual(before);
    expect((await apiAs(rapport, shop.agent).post(`/api/v1/tickets/${theirTicket.id}/route`, {})).statusCode).toBe(404);
    const [pointer] = await rapport.database.query<{ last_assigned_user_id: string | null }>('select last_assigned_user_id from teams where id = $1', [theirTeam]);
    expect(pointer?.last_assigned_user_id).toBeNull();
    const agents = (await apiAs(rapport, shop.admin).get('/api/v1/routing/agents')).json() as RoutingAgentList;
    expect(agents.items.map((agent) => agent.id)).not.toContain(theirs);
    const detail = (await apiAs(rapport, other.agent).get(`/api/v1/tickets/${theirTicket.id}`)).json() as TicketDetail;
    expect(detail.id).toBe(theirTicket.id);
  });
});
