/**
 * Escalation paths (P12) end to end through the API, on both databases: the levels admin
 * (validation, audit, workspace scoping), escalating with a hand-off note (team, expert, level,
 * history, internal note, audit and event), de-escalating back to the first line, and the
 * SLA-triggered escalation from a real breach, delivered twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EscalationLevelList, TicketEscalations } from '@rapport/contracts/escalations';
import type { SlaPolicyDto } from '@rapport/contracts/service';
import type { TicketDetail } from '@rapport/contracts/tickets';
import type { TeamDto } from '@rapport/contracts/people';
import { startTestRapport, type TestRapport } from '../../../../../tests/support/rapport.ts';
import { apiAs } from '../../../../../tests/support/api-client.ts';
import { buildTicket, buildWorkspace, type WorkspaceFixture } from '../../../../../tests/support/factories.ts';
import type { OutboxEvent } from '../../platform/outbox-dispatcher.ts';
import { markDueSlaClocks } from '../sla/sla-monitor.ts';
import { slaEscalationListener } from './escalations.ts';

let rapport: TestRapport;

beforeAll(async () => {
  rapport = await startTestRapport({ role: 'web' });
});
afterAll(async () => {
  await rapport?.stop();
});

const minute = 60_000;
const handOff = 'Checked the order and reset the payment twice; the charge still fails. Needs billing access.';

async function createTeam(shop: WorkspaceFixture, name: string): Promise<TeamDto> {
  const response = await apiAs(rapport, shop.admin).post('/api/v1/teams', { name });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as TeamDto;
}

async function putLevels(shop: WorkspaceFixture, levels: object[]): Promise<EscalationLevelList> {
  const response = await apiAs(rapport, shop.admin).put('/api/v1/escalation-levels', { levels });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as EscalationLevelList;
}

async function detail(shop: WorkspaceFixture, ticketId: string): Promise<TicketDetail> {
  const response = await apiAs(rapport, shop.agent).get(`/api/v1/tickets/${ticketId}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as TicketDetail;
}

async function history(shop: WorkspaceFixture, ticketRef: string | number): Promise<TicketEscalations> {
  const response = await apiAs(rapport, shop.agent).get(`/api/v1/tickets/${ticketRef}/escalations`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as TicketEscalations;
}

describe('escalation levels', () => {
  it('validates the ordered list, numbers it by position, audits it and keeps it to its workspace', async () => {
    const shop = await buildWorkspace(rapport.deps);
    const other = await buildWorkspace(rapport.deps, 'Other shop');
    const billing = await createTeam(shop, 'Billing');
    const foreignTeam = await createTeam(other, 'Foreign');
    const admin = apiAs(rapport, shop.admin);

    const neither = await admin.put('/api/v1/escalation-levels', { levels: [{ name: 'Nobody', onSlaBreach: false }] });
    expect(neither.statusCode).toBe(400);
    expect(neither.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    const foreign = await admin.put('/api/v1/escalation-levels', { levels: [{ name: 'Theirs', teamId: foreignTeam.id }] });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json()).toMatchObject({ error: { code: 'ESCALATION_INVALID', details: { level: 1, field: 'teamId' } } });
    const outsider = await admin.put('/api/v1/escalation-levels', { levels: [{ name: 'Theirs', expertId: other.lead.id }] });
    expect(outsider.statusCode).toBe(422);
    expect(outsider.json()).toMatchObject({ error: { code: 'ESCALATION_INVALID', details: { level: 1, field: 'expertId' } } });

    const saved = await putLevels(shop, [
      { name: 'Tier 2', teamId: billing.id, onSlaBreach: true },
      { name: 'Expert', teamId: billing.id, expertId: shop.lead.id },
    ]);
    expect(saved.items).toMatchObject([
      { level: 1, name: 'Tier 2', team: { id: billing.id, name: 'Billing' }, expert: null, onSlaBreach: true },
      { level: 2, name: 'Expert', team: { id: billing.id }, expert: { id: shop.lead.id }, onSlaBreach: false },
    ]);
    // Replacing the list renumbers it.
    const replaced = await putLevels(shop, [{ name: 'Only', expertId: shop.lead.id }]);
    expect(replaced.items.map((item) => [item.level, item.name])).toEqual([[1, 'Only']]);

    const agent = apiAs(rapport, shop.agent);
    expect((await agent.get('/api/v1/escalation-levels')).statusCode).toBe(200);
    expect((await agent.put('/api/v1/escalation-levels', { levels: [] })).statusCode).toBe(403);
    expect(((await apiAs(rapport, other.admin).get('/api/v1/escalation-levels')).json() as EscalationLevelList).items).toEqual([]);

    const audit = await rapport.database.query<{ action: string; data: { from: unknown[]; to: { name: string }[] } }>(
      "select action, data from audit_log where workspace_id = $1 and action = 'escalation_levels.updated' order by id",
      [shop.id],
    );
    expect(audit).toHaveLength(2);
    expect(audit[0]!.data.from).toEqual([]);
    expect(audit[1]!.data.to.map((level) => level.name)).toEqual(['Only']);
  });
});

describe('a team behind a level', () => {
  it('can be deleted: the level keeps its expert and loses only the team', async () => {
    const shop = await buildWorkspace(rapport.deps);
    const billing = await createTeam(shop, 'Billing');
    await putLevels(shop, [{ name: 'Tier 2', teamId: billing.id, expertId: shop.lead.id, onSlaBreach: false }]);
    const removed = await apiAs(rapport, shop.admin).delete(`/api/v1/teams/${billing.id}`);
    expect(removed.statusCode, removed.body).toBe(200);
    const levels = (await apiAs(rapport, shop.agent).get('/api/v1/escalation-levels')).json() as EscalationLevelList;
    expect(levels.items).toMatchObject([{ level: 1, name: 'Tier 2', team: null, expert: { id: shop.lead.id } }]);
  });
});

describe('escalating a ticket', () => {
  it('needs a real hand-off note, moves team, expert and level, records history, a note, audit and event', async () => {
    const shop = await buildWorkspace(rapport.deps);
    const billing = await createTeam(shop, 'Billing');
    await putLevels(shop, [
      { name: 'Tier 2', teamId: billing.id },
      { name: 'Payments expert', expertId: shop.lead.id },
    ]);
    const ticket = await buildTicket(rapport.deps, shop.agent.actor, { assigneeId: shop.agent.id });
    const agent = apiAs(rapport, shop.agent);

    const missing = await agent.post(`/api/v1/tickets/${ticket.number}/escalate`, {});
    expect(missing.statusCode).toBe(400);
    const short = await agent.post(`/api/v1/tickets/${ticket.number}/escalate`, { note: 'Please help.' });
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect((await history(shop, ticket.id)).level).toBe(0);

    // The agent's own unsent note must survive the escalation (the hand-off is a note of its own).
    expect((await agent.put(`/api/v1/tickets/${ticket.id}/drafts/note`, { body: 'Half-written thought', revision: 1 })).statusCode).toBe(200);

    // Level 1: the level's team takes it; no expert, so it is unassigned for the team's queue.
    const first = await agent.post(`/api/v1/tickets/${ticket.number}/escalate`, { note: handOff });
    expect(first.statusCode, first.body).toBe(201);
    expect(((await agent.get(`/api/v1/tickets/${ticket.id}/drafts/note`)).json() as { draft: { body: string } | null }).draft?.body).toBe('Half-written thought');
    expect(first.json()).toMatchObject({ level: 1, levelName: 'Tier 2', nextLevel: 2, items: [{ fromLevel: 0, toLevel: 1, trigger: 'manual', note: handOff }] });
    let state = await detail(shop, ticket.id);
    expect(state.team).toMatchObject({ id: billing.id });
    expect(state.assignee).toBeNull();
    expect(state.notes.map((note) => note.text)).toEqual([expect.stringContaining(handOff)]);
    expect(state.notes[0]!.text).toContain('Escalated to level 1 (Tier 2)');
    expect(state.notes[0]!.author.id).toBe(shop.agent.id);

    // Level 2 (the default next one): the named expert; the team stays (the level has none).
    expect((await agent.post(`/api/v1/tickets/${ticket.id}/escalate`, { note: `${handOff} Still failing after the retry.` })).statusCode).toBe(201);
    state = await detail(shop, ticket.id);
    expect(state.assignee).toMatchObject({ id: shop.lead.id });
    expect(state.team).toMatchObject({ id: billing.id });

    // No level above; an undefined level; the level it is at.
    const top = await agent.post(`/api/v1/tickets/${ticket.id}/escalate`, { note: handOff });
    expect(top.statusCode).toBe(422);
    expect(top.json()).toMatchObject({ error: { code: 'ESCALATION_INVALID' } });
    const undefinedLevel = await agent.post(`/api/v1/tickets/${ticket.id}/escalate`, { toLevel: 7, note: handOff });
    expect(undefinedLevel.statusCode).toBe(404);
    expect(undefinedLevel.json()).toMatchObject({ error: { code: 'ESCALATION_LEVEL_NOT_FOUND' } });
    expect((await agent.post(`/api/v1/tickets/${ticket.id}/escalate`, { toLevel: 2, note: handOff })).statusCode).toBe(422);

    // De-escalation back to the first line, with a note: it goes back to whoever handed it up.
    const lead = apiAs(rapport, shop.lead);
    const back = await lead.post(`/api/v1/tickets/${ticket.id}/escalate`, { toLevel: 0, note: 'Not a payments bug: the card was blocked by the bank. Customer needs to call them.' });
    expect(back.statusCode, back.body).toBe(201);
    const after = back.json() as TicketEscalations;
    expect(after).toMatchObject({ level: 0, levelName: null, nextLevel: 1 });
    expect(after.items.map((item) => [item.fromLevel, item.toLevel])).toEqual([
      [2, 0],
      [1, 2],
      [0, 1],
    ]);
    expect(after.items[0]).toMatchObject({ actor: { id: shop.lead.id }, expert: { id: shop.agent.id }, trigger: 'manual' });
    expect(after.items[2]).toMatchObject({ team: { id: billing.id, name: 'Billing' }, expert: null, actor: { id: shop.agent.id } });
    state = await detail(shop, ticket.id);
    expect(state.assignee).toMatchObject({ id: shop.agent.id });
    expect(state.notes).toHaveLength(3);

    const audit = await rapport.database.query<{ action: string }>(
      "select action from audit_log where workspace_id = $1 and subject_id = $2 and action in ('ticket.escalated', 'ticket.noted') order by id",
      [shop.id, ticket.id],
    );
    expect(audit.map((row) => row.action)).toEqual(['ticket.escalated', 'ticket.noted', 'ticket.escalated', 'ticket.noted', 'ticket.escalated', 'ticket.noted']);
    const events = await rapport.database.query<{ payload: Record<string, unknown> }>(
      "select payload from outbox where workspace_id = $1 and topic = 'ticket.escalated' order by id",
      [shop.id],
    );
    expect(events.map((event) => [event.payload['fromLevel'], event.payload['toLevel'], event.payload['trigger']])).toEqual([
      [0, 1, 'manual'],
      [1, 2, 'manual'],
      [2, 0, 'manual'],
    ]);
    // The expert hears of the assignment through the usual event.
    const assigned = await rapport.database.query<{ payload: Record<string, unknown> }>("select payload from outbox where workspace_id = $1 and topic = 'ticket.assigned' order by id", [shop.id]);
    expect(assigned.some((event) => event.payload['ticketId'] === ticket.id)).toBe(true);
  });

  it('keeps tickets and histories to their workspace, and refuses without levels', async () => {
    const shop = await buildWorkspace(rapport.deps);
    const other = await buildWorkspace(rapport.deps, 'Other shop');
    await putLevels(shop, [{ name: 'Tier 2', expertId: shop.lead.id }]);
    const ticket = await buildTicket(rapport.deps, shop.agent.actor);
    expect((await apiAs(rapport, shop.agent).post(`/api/v1/tickets/${ticket.id}/escalate`, { note: handOff })).statusCode).toBe(201);

    const outsider = apiAs(rapport, other.admin);
    const read = await outsider.get(`/api/v1/tickets/${ticket.id}/escalations`);
    expect(read.statusCode).toBe(404);
    expect(read.json()).toMatchObject({ error: { code: 'TICKET_NOT_FOUND' } });
    expect((await outsider.post(`/api/v1/tickets/${ticket.id}/escalate`, { note: handOff })).statusCode).toBe(404);
    expect((await history(shop, ticket.number)).items).toHaveLength(1);

    // A workspace without levels has nowhere to escalate to.
    const theirs = await buildTicket(rapport.deps, other.agent.actor);
    const none = await apiAs(rapport, other.agent).post(`/api/v1/tickets/${theirs.id}/escalate`, { note: handOff });
    expect(none.statusCode).toBe(422);
    expect(none.json()).toMatchObject({ error: { code: 'ESCALATION_INVALID' } });
    expect(await history(other, theirs.id)).toEqual({ level: 0, levelName: null, nextLevel: null, items: [] });
  });
});

describe('SLA-triggered escalation', () => {
  it('escalates a ticket whose clock breached to a level that asks for it, once per breach', async () => {
    const shop = await buildWorkspace(rapport.deps);
    const billing = await createTeam(shop, 'Billing');
    await putLevels(shop, [
      { name: 'Tier 2', teamId: billing.id, onSlaBreach: true },
      { name: 'Expert', expertId: shop.lead.id, onSlaBreach: false },
    ]);
    const policyResponse = await apiAs(rapport, shop.admin).post('/api/v1/sla-policies', { name: 'Everyone', firstReplyMinutes: 60, businessHours: false });
    expect(policyResponse.statusCode, policyResponse.body).toBe(201);
    const policy = policyResponse.json() as SlaPolicyDto;
    const ticket = await buildTicket(rapport.deps, shop.agent.actor);

    // An hour and a minute on, the first-reply clock is breached: the monitor writes sla.breached.
    const later = (ms: number) => ({ ...rapport.deps, clock: { now: () => new Date(Date.now() + ms) } });
    await markDueSlaClocks(later(61 * minute));
    const rows = await rapport.database.query<{ id: number; topic: string; version: number; workspace_id: string; payload: Record<string, unknown> }>(
      "select id, topic, version, workspace_id, payload from outbox where workspace_id = $1 and topic = 'sla.breached'",
      [shop.id],
    );
    expect(rows).toHaveLength(1);
    const event: OutboxEvent = { eventId: rows[0]!.id, topic: rows[0]!.topic, version: rows[0]!.version, workspaceId: rows[0]!.workspace_id, payload: rows[0]!.payload };
    expect(event.payload).toMatchObject({ ticketId: ticket.id, metric: 'first_reply', policyId: policy.id, targetMinutes: 60 });

    const listener = slaEscalationListener(later(62 * minute));
    expect(listener.topics).toEqual(['sla.breached']);
    await listener.handle(event);
    let state = await history(shop, ticket.id);
    expect(state).toMatchObject({ level: 1, levelName: 'Tier 2' });
    expect(state.items).toHaveLength(1);
    expect(state.items[0]).toMatchObject({ fromLevel: 0, toLevel: 1, trigger: 'sla', actor: null, team: { id: billing.id } });
    expect(state.items[0]!.note).toMatch(/^First reply SLA of 1 h breached at .+\(UTC\)\. Escalated automatically to level 1 \(Tier 2\)\.$/);
    expect((await detail(shop, ticket.id)).team).toMatchObject({ id: billing.id });

    // At least once: the same event again changes nothing.
    await listener.handle(event);
    state = await history(shop, ticket.id);
    expect(state.level).toBe(1);
    expect(state.items).toHaveLength(1);
    const audit = await rapport.database.query<{ actor_type: string; data: Record<string, unknown> }>(
      "select actor_type, data from audit_log where workspace_id = $1 and subject_id = $2 and action = 'ticket.escalated'",
      [shop.id, ticket.id],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_type: 'system', data: { trigger: 'sla', breach: { metric: 'first_reply' } } });

    // One level up, the next level does not escalate on breaches: a breach there leaves the ticket where it is.
    const second = await buildTicket(rapport.deps, shop.agent.actor);
    expect((await apiAs(rapport, shop.agent).post(`/api/v1/tickets/${second.id}/escalate`, { note: handOff })).statusCode).toBe(201);
    await markDueSlaClocks(later(61 * minute));
    const [secondRow] = await rapport.database.query<{ id: number; payload: Record<string, unknown> }>(
      "select id, payload from outbox where workspace_id = $1 and topic = 'sla.breached' and payload->>'ticketId' = $2",
      [shop.id, second.id],
    );
    expect(secondRow).toBeDefined();
    await listener.handle({ eventId: secondRow!.id, topic: 'sla.breached', version: 1, workspaceId: shop.id, payload: secondRow!.payload });
    expect((await history(shop, second.id)).level).toBe(1);
  });
});
