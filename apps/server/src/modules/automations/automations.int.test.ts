/**
 * Automations end to end on both databases: the admin API (order, validation, audit, stats), each
 * trigger firing through the real outbox events (created, updated, customer replied, SLA warning),
 * conditions all/any, every action, a duplicate event applied once, time rules once per anchor
 * value and in business hours, a loop stopped at the bound and reported, overriding a run (revert,
 * then the automation leaves the ticket alone) and the run log endpoints.
 *
 * The app runs on a test clock: Wednesday 10 June 2026, 08:00 UTC (the workspace's default
 * Mon–Fri 09:00–17:00 hours in UTC).
 */
import { randomBytes } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AutomationDto, AutomationList, AutomationRunDto, AutomationRunList, AutomationRunPage, CreateAutomationBody } from '@rapport/contracts/automations';
import type { TicketDetail } from '@rapport/contracts/tickets';
import { auditLog, automationRuns, notifications, outbox } from '@rapport/db/schema';
import { startTestRapport, type TestRapport } from '../../../../../tests/support/rapport.ts';
import { apiAs } from '../../../../../tests/support/api-client.ts';
import { buildEmailShop, type EmailShop } from '../../../../../tests/support/email.ts';
import { buildTicket, buildWorkspace, type Member, type WorkspaceFixture } from '../../../../../tests/support/factories.ts';
import { fixedClock } from '../../platform/clock.ts';
import type { OutboxEvent } from '../../platform/outbox-dispatcher.ts';
import { startInboundProcessor } from '../email/inbound-processor.ts';
import { receiveEmail } from '../email/receive-email.ts';
import { markDueSlaClocks } from '../sla/sla-monitor.ts';
import { runTimeAutomations, startAutomationTimer, type TimeRuleCursors } from './automation-timer.ts';
import { automationNotificationsListener, automationsListener, loopBound } from './automations-engine.ts';

const start = new Date('2026-06-10T08:00:00.000Z');
const clock = fixedClock(start);
let rapport: TestRapport;

beforeAll(async () => {
  rapport = await startTestRapport({ role: 'web', clock });
});
beforeEach(() => {
  clock.set(start);
});
afterAll(async () => {
  await rapport?.stop();
});

async function createAutomation(member: Member, body: CreateAutomationBody): Promise<AutomationDto> {
  const response = await apiAs(rapport, member).post('/api/v1/automations', body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as AutomationDto;
}

async function listAutomations(member: Member): Promise<AutomationDto[]> {
  const response = await apiAs(rapport, member).get('/api/v1/automations');
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as AutomationList).items;
}

async function createTeam(member: Member, name: string): Promise<string> {
  const response = await apiAs(rapport, member).post('/api/v1/teams', { name });
  expect(response.statusCode, response.body).toBe(201);
  return (response.json() as { id: string }).id;
}

async function auditActions(workspace: WorkspaceFixture, prefix: string) {
  const rows = await rapport.deps.db.select().from(auditLog).where(eq(auditLog.workspaceId, workspace.id)).orderBy(auditLog.id);
  return rows.filter((row) => row.action.startsWith(prefix));
}

const setNormal: CreateAutomationBody['actions'] = [{ type: 'set_priority', priority: 'normal' }];

describe('the automations admin', () => {
  it('creates in order, lists with stats, updates, reorders and deletes, each audited', async () => {
    const workspace = await buildWorkspace(rapport.deps, 'Automation admin');
    const first = await createAutomation(workspace.lead, { name: 'Urgent to normal', trigger: 'ticket_created', conditions: { all: [{ field: 'priority', operator: 'is', value: 'urgent' }], any: [] }, actions: setNormal });
    const second = await createAutomation(workspace.admin, { name: 'Nudge', trigger: 'time', time: { anchor: 'updated', afterMinutes: 60 }, actions: [{ type: 'add_tags', tags: ['stale'] }] });
    expect(first).toMatchObject({ position: 0, enabled: true, description: '', time: null, stats: { runsLast7Days: 0, loopsStoppedLast7Days: 0, lastRunAt: null } });
    expect(second).toMatchObject({ position: 1, time: { anchor: 'updated', afterMinutes: 60, businessHours: false }, conditions: { all: [], any: [] } });
    expect((await listAutomations(workspace.lead)).map((item) => item.id)).toEqual([first.id, second.id]);

    const patched = await apiAs(rapport, workspace.lead).patch(`/api/v1/automations/${first.id}`, { enabled: false, name: 'Urgent calm-down' });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ enabled: false, name: 'Urgent calm-down', trigger: 'ticket_created', actions: setNormal });

    const reordered = await apiAs(rapport, workspace.lead).put('/api/v1/automations/order', { ids: [second.id, first.id] });
    expect(reordered.statusCode, reordered.body).toBe(200);
    expect((reordered.json() as AutomationList).items.map((item) => [item.id, item.position])).toEqual([
      [second.id, 0],
      [first.id, 1],
    ]);
    // The order must name every automation exactly once.
    for (const ids of [[second.id], [second.id, first.id, first.id], [second.id, workspace.id]]) {
      const bad = await apiAs(rapport, workspace.lead).put('/api/v1/automations/order', { ids });
      expect(bad.statusCode, bad.body).toBe(400);
      expect(bad.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }

    const deleted = await apiAs(rapport, workspace.lead).delete(`/api/v1/automations/${first.id}`);
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect((await listAutomations(workspace.lead)).map((item) => item.id)).toEqual([second.id]);
    expect((await apiAs(rapport, workspace.lead).delete(`/api/v1/automations/${first.id}`)).statusCode).toBe(404);
    // Appended after the highest position.
    const third = await createAutomation(workspace.lead, { name: 'Third', trigger: 'ticket_updated', actions: setNormal });
    expect(third.position).toBe(1);

    const audit = await auditActions(workspace, 'automation.');
    expect(audit.map((row) => row.action)).toEqual(['automation.created', 'automation.created', 'automation.updated', 'automation.reordered', 'automation.deleted', 'automation.created']);
    expect(audit[2]!.data).toMatchObject({ before: { enabled: true, name: 'Urgent to normal' }, after: { enabled: false, name: 'Urgent calm-down' } });
  });

  it('refuses what cannot run: a time rule without its delay, a delay on an event, a foreign team or member', async () => {
    const workspace = await buildWorkspace(rapport.deps, 'Automation checks');
    const other = await buildWorkspace(rapport.deps, 'Other shop');
    const foreignTeam = await createTeam(other.admin, 'Their team');
    const ownTeam = await createTeam(workspace.admin, 'Our team');
    const api = apiAs(rapport, workspace.lead);

    const noDelay = await api.post('/api/v1/automations', { name: 'Later', trigger: 'time', actions: setNormal });
    expect(noDelay.statusCode, noDelay.body).toBe(400);
    expect(noDelay.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });

    const foreign = await api.post('/api/v1/automations', {
      name: 'Route',
      trigger: 'ticket_created',
      conditions: { all: [{ field: 'team', operator: 'is', value: ownTeam }], any: [] },
      actions: [{ type: 'add_tags', tags: ['x'] }, { type: 'assign_team', teamId: foreignTeam }],
    });
    expect(foreign.statusCode, foreign.body).toBe(422);
    expect(foreign.json()).toMatchObject({ error: { code: 'AUTOMATION_INVALID', details: { path: 'actions.1.teamId', id: foreignTeam } } });

    const foreignAgent = await api.post('/api/v1/automations', {
      name: 'Mine',
      trigger: 'ticket_created',
      conditions: { all: [], any: [{ field: 'assignee', operator: 'is', value: other.agent.id }] },
      actions: setNormal,
    });
    expect(foreignAgent.statusCode, foreignAgent.body).toBe(422);
    expect(foreignAgent.json()).toMatchObject({ error: { code: 'AUTOMATION_INVALID', details: { path: 'conditions.any.0.value' } } });

    // A PATCH that leaves an event rule with a delay, or a time rule without one, is refused too.
    const rule = await createAutomation(workspace.lead, { name: 'Event', trigger: 'ticket_updated', actions: setNormal });
    const toTime = await api.patch(`/api/v1/automations/${rule.id}`, { trigger: 'time' });
    expect(toTime.statusCode, toTime.body).toBe(422);
    expect(toTime.json()).toMatchObject({ error: { code: 'AUTOMATION_INVALID', details: { path: 'time' } } });
    const withDelay = await api.patch(`/api/v1/automations/${rule.id}`, { time: { anchor: 'created', afterMinutes: 5 } });
    expect(withDelay.statusCode, withDelay.body).toBe(422);
    const both = await api.patch(`/api/v1/automations/${rule.id}`, { trigger: 'time', time: { anchor: 'created', afterMinutes: 5 } });
    expect(both.statusCode, both.body).toBe(200);
    expect(both.json()).toMatchObject({ trigger: 'time', time: { anchor: 'created', afterMinutes: 5, businessHours: false } });

    // Another workspace's automation is not found; agents may not manage automations.
    expect((await apiAs(rapport, other.lead).patch(`/api/v1/automations/${rule.id}`, { enabled: false })).statusCode).toBe(404);
    expect((await apiAs(rapport, workspace.agent).get('/api/v1/automations')).statusCode).toBe(403);
  });
});

// ---- The engine ---------------------------------------------------------------------------------

const delivered = new Set<number>();

function toEvent(row: typeof outbox.$inferSelect): OutboxEvent {
  return { eventId: Number(row.id), topic: row.topic, version: row.version, workspaceId: row.workspaceId, payload: row.payload };
}

/**
 * Delivers the workspace's new outbox events to the automation listeners, as the dispatcher
 * would, until no new event is left; returns how many it delivered.
 */
async function deliver(workspace: WorkspaceFixture): Promise<number> {
  const listeners = [automationsListener(rapport.deps), automationNotificationsListener(rapport.deps)];
  let total = 0;
  for (let round = 0; round < 50; round += 1) {
    const rows = await rapport.deps.db.select().from(outbox).where(eq(outbox.workspaceId, workspace.id)).orderBy(asc(outbox.id));
    const fresh = rows.filter((row) => !delivered.has(Number(row.id)));
    if (fresh.length === 0) return total;
    for (const row of fresh) {
      delivered.add(Number(row.id));
      const event = toEvent(row);
      for (const listener of listeners) if (listener.topics.includes(event.topic)) await listener.handle(event);
      total += 1;
    }
  }
  throw new Error('events kept coming: a loop was not stopped');
}

async function ticketDetail(member: Member, ref: string): Promise<TicketDetail> {
  const response = await apiAs(rapport, member).get(`/api/v1/tickets/${ref}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as TicketDetail;
}

async function ticketRuns(member: Member, ref: string): Promise<AutomationRunDto[]> {
  const response = await apiAs(rapport, member).get(`/api/v1/tickets/${ref}/automation-runs`);
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as AutomationRunList).items;
}

async function patchTicket(member: Member, ref: string, body: Record<string, unknown>): Promise<void> {
  const response = await apiAs(rapport, member).patch(`/api/v1/tickets/${ref}`, body);
  expect(response.statusCode, response.body).toBe(200);
}

async function notificationsOf(workspace: WorkspaceFixture, kind: string) {
  return rapport.deps.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.workspaceId, workspace.id), eq(notifications.kind, kind)))
    .orderBy(asc(notifications.createdAt));
}

describe('event triggers', () => {
  it('ticket created: all and any conditions decide; status, priority, team, agent and tags change as the actions say', async () => {
    const workspace = await buildWorkspace(rapport.deps, 'Created shop');
    const teamId = await createTeam(workspace.admin, 'Refunds');
    const rule = await createAutomation(workspace.lead, {
      name: 'Refunds to the refund team',
      trigger: 'ticket_created',
      conditions: {
        all: [{ field: 'subject', operator: 'contains', value: 'refund' }],
        any: [
          { field: 'priority', operator: 'above', value: 'normal' },
          { field: 'channel', operator: 'is', value: 'chat' },
        ],
      },
      actions: [
        { type: 'set_priority', priority: 'urgent' },
        { type: 'assign_team', teamId },
        { type: 'assign_agent', userId: workspace.agent.id },
        { type: 'set_status', status: 'pending' },
        { type: 'add_tags', tags: ['refund', 'auto'] },
        { type: 'remove_tags', tags: ['inbox'] },
      ],
    });
    const matching = await buildTicket(rapport.deps, workspace.agent.actor, { subject: 'I want a REFUND', priority: 'high', tags: ['inbox'] });
    const byChannel = await buildTicket(rapport.deps, workspace.agent.actor, { subject: 'Refund?', priority: 'low', channel: 'chat' });
    const anyFails = await buildTicket(rapport.deps, workspace.agent.actor, { subject: 'Refund please', priority: 'normal' });
    const allFails = await buildTicket(rapport.deps, workspace.agent.actor, { subject: 'Hello there', priority: 'urgent' });
    await deliver(workspace);

    const detail = await ticketDetail(workspace.agent, matching.id);
    expect(detail).toMatchObject({ priority: 'urgent', status: 'pending', team: { id: teamId }, assignee: { id: workspace.agent.id } });
    expect([...detail.tags].sort()).toEqual(['auto', 'refund']);
    const [run, ...others] = await ticketRuns(workspace.agent, matching.id);
    expect(others).toEqual([]);
    expect(run).toMatchObject({
      automation: { id: rule.id, name: 'Refunds to the refund team' },
      ticketId: matching.id,
      ticketNumber: matching.number,
      trigger: 'ticket_created',
      outcome: 'applied',
      error: null,
      overridden: null,
      changes: {
        priority: { from: 'high', to: 'urgent' },
        teamId: { from: null, to: teamId },
        assigneeId: { from: null, to: workspace.agent.id },
        status: { from: 'new', to: 'pending' },
        tags: { from: ['inbox'], to: ['auto', 'refund'] },
      },
    });
    // The change is the system's, audited on the ticket like a person's.
    const audit = await rapport.deps.db.select().from(auditLog).where(and(eq(auditLog.workspaceId, workspace.id), eq(auditLog.subjectId, matching.id)));
    expect(audit.find((row) => row.action === 'ticket.updated')).toMatchObject({ actorType: 'system', actorId: null });
    expect(audit.find((row) => row.action === 'automation.applied')?.data).toMatchObject({ automationId: rule.id, runId: run!.id });

    expect((await ticketDetail(workspace.agent, byChannel.id)).priority).toBe('urgent');
    expect(await ticketRuns(workspace.agent, anyFails.id)).toEqual([]);
    expect((await ticketDetail(workspace.agent, anyFails.id)).priority).toBe('normal');
    expect(await ticketRuns(workspace.agent, allFails.id)).toEqual([]);

    // A disabled automation does nothing.
    await apiAs(rapport, workspace.lead).patch(`/api/v1/automations/${rule.id}`, { enabled: false });
    const later = await buildTicket(rapport.deps, workspace.agent.actor, { subject: 'refund now', priority: 'high' });
    await deliver(workspace);
    expect(await ticketRuns(workspace.agent, later.id)).toEqual([]);
  });

  it('ticket updated: a note and a notification; later automations see earlier ones; a duplicate event applies once', async () => {
    const workspace = await buildWorkspace(rapport.deps, 'Updated shop');
    const vip = await createAutomation(workspace.lead, {
      name: 'VIP care',
      trigger: 'ticket_updated',
      conditions: { all: [{ field: 'tags', operator: 'includes', value: 'VIP' }], any: [] },
      actions: [
        { type: 'assign_agent', userId: workspace.agent.id },
        { type: 'add_note', text: 'VIP customer: answer within the hour.' },
        { type: 'notify', to: 'assignee', text: 'A VIP ticket is yours' },
      ],
    });
    // Runs after "VIP care" and sees its assignment.
    const second = await createAutomation(workspace.lead, {
      name: 'Assigned VIPs are high',
      trigger: 'ticket_updated',
      conditions: { all: [{ field: 'assignee', operator: 'is', value: workspace.agent.id }, { field: 'priority', operator: 'below', value: 'high' }], any: [] },
      actions: [{ type: 'set_priority', priority: 'high' }],
    });
    const ticket = await buildTicket(rapport.deps, workspace.agent.actor);
    await deliver(workspace);
    expect(await ticketRuns(workspace.agent, ticket.id)).toEqual([]);

    await patchTicket(workspace.lead, ticket.id, { addTags: ['vip'] });
    await deliver(workspace);
    const detail = await ticketDetail(workspace.agent, ticket.id);
    expect(detail).toMatchObject({ assignee: { id: workspace.agent.id }, priority: 'high' });
    expect(detail.notes.map((note) => note.text)).toEqual(['VIP customer: answer within the hour.']);
    // Shown as the automation's author (the lead who made it).
    expect(detail.notes[0]!.author.id).toBe(workspace.lead.id);
    const runs = await ticketRuns(workspace.agent, ticket.id);
    expect(runs.map((run) => [run.automation.id, run.outcome])).toEqual([
      [vip.id, 'applied'],
      [second.id, 'applied'],
    ]);
    expect(runs[0]!.changes).toMatchObject({
      assigneeId: { from: null, to: workspace.agent.id },
      notes: [{ text: 'VIP customer: answer within the hour.' }],
      notifications: [{ to: 'assignee', text: 'A VIP ticket is yours', userIds: [workspace.agent.id] }],
    });
    const [notification, ...more] = await notificationsOf(workspace, 'automation');
    expect(more).toEqual([]);
    expect(notification).toMatchObject({
      userId: workspace.agent.id,
      ticketId: ticket.id,
      data: { automationId: vip.id, automationName: 'VIP care', text: 'A VIP ticket is yours', number: ticket.number, subject: ticket.subject },
    });

    // The events of the automations' own changes ran the pass again: nothing left to do, no new runs.
    expect(await ticketRuns(workspace.agent, ticket.id)).toHaveLength(2);

    // A redelivered event (at-least-once) applies nothing twice, even when the ticket changed meanwhile.
    const [personEvent] = await rapport.deps.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.workspaceId, workspace.id), eq(outbox.topic, 'ticket.updated')))
      .orderBy(asc(outbox.id))
      .limit(1);
    await patchTicket(workspace.lead, ticket.id, { assigneeId: null, priority: 'low' });
    const listener = automationsListener(rapport.deps);
    await listener.handle(toEvent(personEvent!));
    await listener.handle(toEvent(personEvent!));
    const byEvent = await rapport.deps.db.select().from(automationRuns).where(and(eq(automationRuns.ticketId, ticket.id), eq(automationRuns.eventKey, String(personEvent!.id))));
    expect(byEvent).toHaveLength(2);
    expect((await ticketDetail(workspace.agent, ticket.id)).notes).toHaveLength(1);
  });

  it('customer replied: an inbound email on the ticket fires; the agent\'s own reply does not', async () => {
    const shop = await buildEmailShop(rapport);
    const rule = await createAutomation(shop.workspace.lead, {
      name: 'Customer answered',
      trigger: 'customer_replied',
      actions: [{ type: 'add_tags', tags: ['customer-answered'] }, { type: 'set_priority', priority: 'high' }],
    });
    const customer = `reply-${randomBytes(4).toString('hex')}@customer.test`;
    const firstId = `<first-${randomBytes(4).toString('hex')}@customer.test>`;
    await inboundEmail(shop, { from: customer, messageId: firstId, subject: 'Broken lamp' });
    const [row] = await rapport.database.query<{ id: string }>('select id from tickets where workspace_id = $1', [shop.workspace.id]);
    const ticketId = row!.id;
    await deliver(shop.workspace);
    // Opening the ticket is "created", not "customer replied".
    expect(await ticketRuns(shop.workspace.agent, ticketId)).toEqual([]);

    const reply = await apiAs(rapport, shop.workspace.agent).post(`/api/v1/tickets/${ticketId}/replies`, { text: 'Could you send a photo?' });
    expect(reply.statusCode, reply.body).toBe(201);
    await deliver(shop.workspace);
    expect(await ticketRuns(shop.workspace.agent, ticketId)).toEqual([]);

    await inboundEmail(shop, { from: customer, messageId: `<second-${randomBytes(4).toString('hex')}@customer.test>`, inReplyTo: firstId, subject: 'Re: Broken lamp' });
    await deliver(shop.workspace);
    const runs = await ticketRuns(shop.workspace.agent, ticketId);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ automation: { id: rule.id }, trigger: 'customer_replied', outcome: 'applied', changes: { priority: { from: 'normal', to: 'high' } } });
    const detail = await ticketDetail(shop.workspace.agent, ticketId);
    expect(detail.tags).toContain('customer-answered');
    expect(detail.priority).toBe('high');
  });

  it('SLA warning: fires on the warning event with the ticket\'s SLA state as a condition, notifying the leads', async () => {
    const workspace = await buildWorkspace(rapport.deps, 'SLA shop');
    const policy = await apiAs(rapport, workspace.admin).post('/api/v1/sla-policies', { name: 'Everyone', firstReplyMinutes: 60, warnMinutes: 10, businessHours: false });
    expect(policy.statusCode, policy.body).toBe(201);
    const rule = await createAutomation(workspace.lead, {
      name: 'Close to breach',
      trigger: 'sla_warning',
      conditions: { all: [{ field: 'sla', operator: 'is', value: 'warning' }], any: [] },
      actions: [{ type: 'set_priority', priority: 'urgent' }, { type: 'notify', to: 'leads', text: 'First reply due in 10 minutes' }],
    });
    const ticket = await buildTicket(rapport.deps, workspace.agent.actor);
    await deliver(workspace);
    expect(await ticketRuns(workspace.agent, ticket.id)).toEqual([]);

    clock.set(new Date(start.getTime() + 51 * 60_000));
    await markDueSlaClocks(rapport.deps);
    await deliver(workspace);
    const runs = await ticketRuns(workspace.agent, ticket.id);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ automation: { id: rule.id }, trigger: 'sla_warning', changes: { priority: { from: 'normal', to: 'urgent' } } });
    const notified = await notificationsOf(workspace, 'automation');
    expect(notified.map((row) => row.userId).sort()).toEqual([workspace.admin.id, workspace.lead.id].sort());
    expect(notified[0]!.data).toMatchObject({ automationName: 'Close to breach', text: 'First reply due in 10 minutes', number: ticket.number });
  });

  it('a failing action logs a failed run with the error; the next automation still runs', async () => {
    const workspace = await buildWorkspace(rapport.deps, 'Failing shop');
    const teamId = await createTeam(workspace.admin, 'Short-lived');
    const failing = await createAutomation(workspace.lead, { name: 'To a team', trigger: 'ticket_created', actions: [{ type: 'add_tags', tags: ['routed'] }, { type: 'assign_team', teamId }] });
    const next = await createAutomation(workspace.lead, { name: 'Tag it', trigger: 'ticket_created', actions: [{ type: 'add_tags', tags: ['seen'] }] });
    // The API refuses to delete a team an automation names (TEAM_USED_BY_AUTOMATIONS); a team can
    // still vanish under a rule (a concurrent deletion, a restore), so remove the row directly.
    const refused = await apiAs(rapport, workspace.admin).delete(`/api/v1/teams/${teamId}`);
    expect(refused.statusCode, refused.body).toBe(409);
    await rapport.database.query('delete from teams where workspace_id = $1 and id = $2', [workspace.id, teamId]);
    const ticket = await buildTicket(rapport.deps, workspace.agent.actor);
    await deliver(workspace);
    const runs = await ticketRuns(workspace.agent, ticket.id);
    expect(runs.map((run) => [run.automation.id, run.outcome])).toEqual([
      [failing.id, 'failed'],
      [next.id, 'applied'],
    ]);
    expect(runs[0]!.error).toMatch(/team/i);
    // The failed automation's own tag was rolled back with it.
    expect((await ticketDetail(workspace.agent, ticket.id)).tags).toEqual(['seen']);
  });
});

async function inboundEmail(shop: EmailShop, options: { from: string; messageId: string; inReplyTo?: string; subject: string }): Promise<void> {
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
      'Hello, the lamp I bought is broken.',
      '',
    ].join('\r\n'),
  );
  await receiveEmail(rapport.deps, { raw, source: 'smtp', envelopeFrom: options.from, envelopeTo: [shop.address] });
  const processor = await startInboundProcessor(rapport.deps, { pollMs: 60_000, batch: false });
  await processor.drain();
  await processor.stop();
}

describe('loops', () => {
  it('two automations flipping the priority back and forth are stopped at the bound, reported once to leads and admins, and the ticket settles', async () => {
    const workspace = await buildWorkspace(rapport.deps, 'Loop shop');
    const down = await createAutomation(workspace.lead, {
      name: 'High is too much',
      trigger: 'ticket_updated',
      conditions: { all: [{ field: 'priority', operator: 'is', value: 'high' }], any: [] },
      actions: [{ type: 'set_priority', priority: 'normal' }],
    });
    const up = await createAutomation(workspace.lead, {
      name: 'Normal is too little',
      trigger: 'ticket_updated',
      conditions: { all: [{ field: 'priority', operator: 'is', value: 'normal' }], any: [] },
      actions: [{ type: 'set_priority', priority: 'high' }],
    });
    const ticket = await buildTicket(rapport.deps, workspace.agent.actor, { priority: 'low' });
    await deliver(workspace);
    await patchTicket(workspace.agent, ticket.id, { priority: 'high' });
    // deliver() throws when the events never stop coming.
    await deliver(workspace);

    const runs = await ticketRuns(workspace.agent, ticket.id);
    const count = (id: string, outcome: string) => runs.filter((run) => run.automation.id === id && run.outcome === outcome).length;
    expect(count(down.id, 'applied')).toBe(loopBound);
    expect(count(up.id, 'applied')).toBe(loopBound);
    expect(count(down.id, 'stopped_loop')).toBeGreaterThanOrEqual(1);
    const stopped = runs.find((run) => run.outcome === 'stopped_loop');
    expect(stopped).toMatchObject({ automation: { id: down.id }, changes: {} });
    expect(stopped!.error).toMatch(/ran 5 times on this ticket in the last 10 minutes/);

    // Stable: nothing is left to deliver and the priority stays where the last run left it.
    expect((await ticketDetail(workspace.agent, ticket.id)).priority).toBe('high');
    expect(await deliver(workspace)).toBe(0);

    // Reported once per automation and ticket in the window, to every lead and admin (not agents).
    const reports = await notificationsOf(workspace, 'automation_loop');
    expect(reports.map((row) => row.userId).sort()).toEqual([workspace.admin.id, workspace.lead.id].sort());
    expect(reports[0]!.data).toMatchObject({ automationId: down.id, automationName: 'High is too much', number: ticket.number, runs: loopBound, windowMinutes: 10 });
    const audit = await auditActions(workspace, 'automation.loop_stopped');
    expect(audit.length).toBeGreaterThanOrEqual(1);
    expect(audit[0]!.data).toMatchObject({ automationId: down.id, runs: loopBound, reported: true });

    // The admin list counts the tickets it was stopped on (one here, however many stopped runs); the
    // run log filters by outcome and pages newest first.
    const listed = (await listAutomations(workspace.lead)).find((item) => item.id === down.id)!;
    expect(count(down.id, 'stopped_loop')).toBeGreaterThan(1);
    expect(listed.stats).toMatchObject({ runsLast7Days: runs.filter((run) => run.automation.id === down.id).length, loopsStoppedLast7Days: 1 });
    expect(listed.stats.lastRunAt).toBe(start.toISOString());
    const stoppedPage = await apiAs(rapport, workspace.lead).get(`/api/v1/automations/${down.id}/runs?outcome=stopped_loop`);
    expect(stoppedPage.statusCode, stoppedPage.body).toBe(200);
    expect((stoppedPage.json() as AutomationRunPage).items.every((run) => run.outcome === 'stopped_loop' && run.automation.id === down.id)).toBe(true);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await apiAs(rapport, workspace.lead).get(`/api/v1/automations/${down.id}/runs?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.statusCode, page.body).toBe(200);
      const body = page.json() as AutomationRunPage;
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((run) => run.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(runs.filter((run) => run.automation.id === down.id).length);
    expect((await apiAs(rapport, workspace.agent).get(`/api/v1/automations/${down.id}/runs`)).statusCode).toBe(403);
  });
});

describe('overriding a run', () => {
  it('reverts what the run changed (where still so), records why, and the automation leaves the ticket alone', async () => {
    const workspace = await buildWorkspace(rapport.deps, 'Override shop');
    const rule = await createAutomation(workspace.lead, {
      name: 'Escalate tagged',
      trigger: 'ticket_updated',
      conditions: { all: [{ field: 'tags', operator: 'includes', value: 'escalate' }], any: [] },
      actions: [{ type: 'set_priority', priority: 'urgent' }, { type: 'add_tags', tags: ['auto-escalated'] }, { type: 'set_status', status: 'on_hold' }],
    });
    const ticket = await buildTicket(rapport.deps, workspace.agent.actor);
    await patchTicket(workspace.agent, ticket.id, { addTags: ['escalate'], status: 'open' });
    await deliver(workspace);
    const [run] = await ticketRuns(workspace.agent, ticket.id);
    expect(run).toMatchObject({ outcome: 'applied', changes: { priority: { from: 'normal', to: 'urgent' }, status: { from: 'open', to: 'on_hold' } } });
    // A person moved the status on since (its event is delivered after the override); the revert leaves that alone.
    await patchTicket(workspace.agent, ticket.id, { status: 'pending' });

    const tooShort = await apiAs(rapport, workspace.agent).post(`/api/v1/tickets/${ticket.id}/automation-runs/${run!.id}/override`, { reason: 'no' });
    expect(tooShort.statusCode, tooShort.body).toBe(400);
    const overridden = await apiAs(rapport, workspace.agent).post(`/api/v1/tickets/${ticket.number}/automation-runs/${run!.id}/override`, { reason: 'Not urgent: a known delay' });
    expect(overridden.statusCode, overridden.body).toBe(200);
    expect(overridden.json()).toMatchObject({ id: run!.id, overridden: { by: { id: workspace.agent.id }, reason: 'Not urgent: a known delay', reverted: true } });
    const detail = await ticketDetail(workspace.agent, ticket.id);
    expect(detail).toMatchObject({ priority: 'normal', status: 'pending' });
    expect(detail.tags).toEqual(['escalate']);
    const [override] = await rapport.database.query<{ kind: string; subject: string; reason: string; actor_id: string }>(
      'select kind, subject, reason, actor_id from decision_overrides where workspace_id = $1 and ticket_id = $2',
      [workspace.id, ticket.id],
    );
    expect(override).toMatchObject({ kind: 'automation', subject: rule.id, reason: 'Not urgent: a known delay', actor_id: workspace.agent.id });
    expect((await auditActions(workspace, 'override.automation')).map((row) => row.subjectId)).toEqual([ticket.id]);

    // The revert's own update, and later ones, no longer run this automation on this ticket.
    await deliver(workspace);
    await patchTicket(workspace.agent, ticket.id, { addTags: ['escalate-again'] });
    await deliver(workspace);
    expect(await ticketRuns(workspace.agent, ticket.id)).toHaveLength(1);
    expect((await ticketDetail(workspace.agent, ticket.id)).priority).toBe('normal');

    // Once only; an unknown run is not found.
    const again = await apiAs(rapport, workspace.agent).post(`/api/v1/tickets/${ticket.id}/automation-runs/${run!.id}/override`, { reason: 'Again, please' });
    expect(again.statusCode, again.body).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'OVERRIDE_NOT_APPLICABLE' } });
    const unknown = await apiAs(rapport, workspace.agent).post(`/api/v1/tickets/${ticket.id}/automation-runs/${workspace.id}/override`, { reason: 'Which one?' });
    expect(unknown.statusCode, unknown.body).toBe(404);

    // It still runs on other tickets.
    const other = await buildTicket(rapport.deps, workspace.agent.actor);
    await patchTicket(workspace.agent, other.id, { addTags: ['escalate'] });
    await deliver(workspace);
    expect((await ticketDetail(workspace.agent, other.id)).priority).toBe('urgent');
  });
});

describe('time rules', () => {
  const at = (iso: string) => new Date(iso);
  const runsOf = async (workspace: WorkspaceFixture, ticketId: string) =>
    rapport.deps.db
      .select()
      .from(automationRuns)
      .where(and(eq(automationRuns.workspaceId, workspace.id), eq(automationRuns.ticketId, ticketId)))
      .orderBy(asc(automationRuns.createdAt));

  it('fires once per anchor value, after the delay, on tickets passing the conditions; again when the anchor moves', async () => {
    const workspace = await buildWorkspace(rapport.deps, 'Timer shop');
    const rule = await createAutomation(workspace.lead, {
      name: 'Quiet for an hour',
      trigger: 'time',
      time: { anchor: 'updated', afterMinutes: 60 },
      conditions: {
        all: [
          { field: 'status', operator: 'is_not', value: 'solved' },
          { field: 'priority', operator: 'below', value: 'high' },
        ],
        any: [],
      },
      actions: [{ type: 'set_priority', priority: 'high' }, { type: 'add_note', text: 'No activity for an hour.' }],
    });
    const ticket = await buildTicket(rapport.deps, workspace.agent.actor);
    const solved = await buildTicket(rapport.deps, workspace.agent.actor, { status: 'solved' });

    await runTimeAutomations(rapport.deps, at('2026-06-10T08:59:00.000Z'));
    expect(await runsOf(workspace, ticket.id)).toEqual([]);
    await runTimeAutomations(rapport.deps, at('2026-06-10T09:00:00.000Z'));
    await runTimeAutomations(rapport.deps, at('2026-06-10T09:30:00.000Z'));
    const [first, ...more] = await runsOf(workspace, ticket.id);
    expect(more).toEqual([]);
    expect(first).toMatchObject({ automationId: rule.id, trigger: 'time', outcome: 'applied', eventKey: 'time:2026-06-10T08:00:00.000000Z' });
    expect(await runsOf(workspace, solved.id)).toEqual([]);
    expect((await ticketDetail(workspace.agent, ticket.id)).priority).toBe('high');

    // The run itself updated the ticket (at 09:00), but an hour after that its conditions no longer hold.
    await runTimeAutomations(rapport.deps, at('2026-06-10T10:00:00.000Z'));
    expect(await runsOf(workspace, ticket.id)).toHaveLength(1);

    // A person's change moves the anchor: a new run an hour later.
    clock.set(at('2026-06-10T12:00:00.000Z'));
    await patchTicket(workspace.agent, ticket.id, { priority: 'low' });
    await runTimeAutomations(rapport.deps, at('2026-06-10T12:59:00.000Z'));
    expect(await runsOf(workspace, ticket.id)).toHaveLength(1);
    await runTimeAutomations(rapport.deps, at('2026-06-10T13:00:00.000Z'));
    const runs = await runsOf(workspace, ticket.id);
    expect(runs.map((run) => run.eventKey)).toEqual(['time:2026-06-10T08:00:00.000000Z', 'time:2026-06-10T12:00:00.000000Z']);
    expect((await ticketDetail(workspace.agent, ticket.id)).priority).toBe('high');
  });

  it('counts the delay in business hours when asked (Mon–Fri 09:00–17:00)', async () => {
    const workspace = await buildWorkspace(rapport.deps, 'Business timer shop');
    await createAutomation(workspace.lead, {
      name: 'Two open hours unanswered',
      trigger: 'time',
      time: { anchor: 'created', afterMinutes: 120, businessHours: true },
      actions: [{ type: 'add_tags', tags: ['two-hours'] }],
    });
    // Created Wednesday 08:00, before opening: the two open hours end at 11:00.
    const ticket = await buildTicket(rapport.deps, workspace.agent.actor);
    await runTimeAutomations(rapport.deps, at('2026-06-10T10:59:00.000Z'));
    expect(await runsOf(workspace, ticket.id)).toEqual([]);
    await runTimeAutomations(rapport.deps, at('2026-06-10T11:00:00.000Z'));
    expect(await runsOf(workspace, ticket.id)).toHaveLength(1);
    expect((await ticketDetail(workspace.agent, ticket.id)).tags).toContain('two-hours');

    // Created Friday 16:00: one open hour that day, the second on Monday 09:00–10:00.
    clock.set(at('2026-06-12T16:00:00.000Z'));
    const friday = await buildTicket(rapport.deps, workspace.agent.actor);
    await runTimeAutomations(rapport.deps, at('2026-06-15T09:59:00.000Z'));
    expect(await runsOf(workspace, friday.id)).toEqual([]);
    await runTimeAutomations(rapport.deps, at('2026-06-15T10:00:00.000Z'));
    expect(await runsOf(workspace, friday.id)).toHaveLength(1);
  });

  it('anchors on the time a ticket went pending, and skips tickets without that timestamp', async () => {
    const workspace = await buildWorkspace(rapport.deps, 'Pending timer shop');
    const rule = await createAutomation(workspace.lead, {
      name: 'Nudge pending',
      trigger: 'time',
      time: { anchor: 'pending_since', afterMinutes: 30 },
      conditions: { all: [{ field: 'status', operator: 'is', value: 'pending' }], any: [] },
      actions: [{ type: 'add_tags', tags: ['nudged'] }],
    });
    const solvedRule = await createAutomation(workspace.lead, { name: 'Solved an hour ago', trigger: 'time', time: { anchor: 'solved', afterMinutes: 60 }, actions: [{ type: 'add_tags', tags: ['long-solved'] }] });
    const pending = await buildTicket(rapport.deps, workspace.agent.actor, { status: 'pending' });
    const open = await buildTicket(rapport.deps, workspace.agent.actor);
    await runTimeAutomations(rapport.deps, at('2026-06-10T08:29:00.000Z'));
    expect(await runsOf(workspace, pending.id)).toEqual([]);
    await runTimeAutomations(rapport.deps, at('2026-06-10T08:30:00.000Z'));
    expect((await runsOf(workspace, pending.id)).map((run) => [run.automationId, run.eventKey])).toEqual([[rule.id, 'time:2026-06-10T08:00:00.000000Z']]);
    // Neither ticket was ever solved; the open one never went pending.
    expect(await runsOf(workspace, open.id)).toEqual([]);
    expect((await runsOf(workspace, pending.id)).some((run) => run.automationId === solvedRule.id)).toBe(false);
  });

  it('the worker service runs the pass on the app clock', async () => {
    const workspace = await buildWorkspace(rapport.deps, 'Service timer shop');
    const rule = await createAutomation(workspace.lead, { name: 'Half an hour old', trigger: 'time', time: { anchor: 'created', afterMinutes: 30 }, actions: [{ type: 'add_tags', tags: ['aged'] }] });
    const ticket = await buildTicket(rapport.deps, workspace.agent.actor);
    const timer = await startAutomationTimer(rapport.deps, { pollMs: 3_600_000 });
    try {
      clock.set(at('2026-06-10T08:29:00.000Z'));
      await timer.drain();
      expect(await runsOf(workspace, ticket.id)).toEqual([]);
      clock.set(at('2026-06-10T08:30:00.000Z'));
      await timer.drain();
      expect((await runsOf(workspace, ticket.id)).map((run) => run.automationId)).toEqual([rule.id]);
    } finally {
      await timer.stop();
    }
  });

  it('works through a backlog a bounded batch per pass', async () => {
    const workspace = await buildWorkspace(rapport.deps, 'Backlog shop');
    await createAutomation(workspace.lead, { name: 'Old ones', trigger: 'time', time: { anchor: 'created', afterMinutes: 5 }, actions: [{ type: 'add_tags', tags: ['old'] }] });
    const tickets: { id: string }[] = [];
    for (let index = 0; index < 5; index += 1) tickets.push(await buildTicket(rapport.deps, workspace.agent.actor));
    const cursors: TimeRuleCursors = new Map();
    const counted = async () => (await Promise.all(tickets.map((ticket) => runsOf(workspace, ticket.id)))).filter((runs) => runs.length > 0).length;
    await runTimeAutomations(rapport.deps, at('2026-06-10T09:00:00.000Z'), cursors, { limit: 2 });
    expect(await counted()).toBe(2);
    await runTimeAutomations(rapport.deps, at('2026-06-10T09:01:00.000Z'), cursors, { limit: 2 });
    await runTimeAutomations(rapport.deps, at('2026-06-10T09:02:00.000Z'), cursors, { limit: 2 });
    expect(await counted()).toBe(5);
  });
});
