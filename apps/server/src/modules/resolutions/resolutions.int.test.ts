/**
 * Resolution actions and discretion limits end to end through the API, on both databases (issue 7
 * part 7; P3, P29): within-limit actions approved at once (with the webhook's approved event),
 * requests above the per-action or period limit, decisions that resolve once, the approver's own
 * limit, self approval, exact decimals, the ledger and its CSV, the limits table, playbooks'
 * allowed actions, and the notifications of requests and decisions.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ResolutionApprovedEventData,
  type DiscretionLimitInput,
  type DiscretionLimitList,
  type MyDiscretion,
  type ResolutionActionDto,
  type ResolutionPage,
  type TicketResolutions,
} from '@rapport/contracts/resolutions';
import type { PlaybookList } from '@rapport/contracts/playbooks';
import type { NotificationList } from '@rapport/contracts/teamwork';
import { apiAs } from '../../../../../tests/support/api-client.ts';
import { buildMember, buildTicket, buildWorkspace, type Member, type WorkspaceFixture } from '../../../../../tests/support/factories.ts';
import { startTestRapport, type TestRapport } from '../../../../../tests/support/rapport.ts';
import { realtimeChannel } from '../../platform/events.ts';
import { notifyResolutionApprovalsListener } from './resolutions-listeners.ts';

let rapport: TestRapport;

beforeAll(async () => {
  rapport = await startTestRapport({ role: 'web' });
});
afterAll(async () => {
  await rapport?.stop();
});

const agentLimits: DiscretionLimitInput[] = [
  { role: 'agent', action: 'refund', currency: 'EUR', perAction: '50', perPeriod: '200', period: 'month' },
  { role: 'agent', action: 'store_credit', currency: 'EUR', perAction: '75', perPeriod: '300', period: 'month' },
  { role: 'agent', action: 'discount', currency: 'EUR', perAction: '0.30', perPeriod: '0.30', period: 'day' },
  { role: 'lead', action: 'refund', currency: 'EUR', perAction: '500', perPeriod: '3000', period: 'month' },
  { role: 'lead', action: 'store_credit', currency: 'EUR', perAction: '100', perPeriod: null, period: 'month' },
];

async function shop(limits: DiscretionLimitInput[] = agentLimits): Promise<WorkspaceFixture> {
  const workspace = await buildWorkspace(rapport.deps, 'Resolutions shop');
  const response = await apiAs(rapport, workspace.admin).put('/api/v1/discretion-limits', { items: limits });
  expect(response.statusCode, response.body).toBe(200);
  return workspace;
}

async function give(member: Member, ticketId: string, body: Record<string, unknown>) {
  return apiAs(rapport, member).post(`/api/v1/tickets/${ticketId}/resolution-actions`, { reason: 'Parcel arrived damaged', ...body });
}

async function given(member: Member, ticketId: string, body: Record<string, unknown>): Promise<ResolutionActionDto> {
  const response = await give(member, ticketId, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as ResolutionActionDto;
}

async function decide(member: Member, id: string, body: Record<string, unknown>) {
  return apiAs(rapport, member).post(`/api/v1/resolution-actions/${id}/decision`, body);
}

async function outboxEvents(workspaceId: string, topic: string) {
  return rapport.database.query<{ id: string | number; topic: string; version: number; payload: Record<string, unknown> }>(
    'select id, topic, version, payload from outbox where workspace_id = $1 and topic = $2 order by id',
    [workspaceId, topic],
  );
}

/** Delivers the workspace's resolution events to the notifications listener (twice: it must be idempotent). */
async function deliverResolutionEvents(workspaceId: string): Promise<void> {
  const listener = notifyResolutionApprovalsListener(rapport.deps);
  for (const topic of listener.topics) {
    for (const row of await outboxEvents(workspaceId, topic)) {
      const event = { eventId: Number(row.id), topic: row.topic, version: row.version, workspaceId, payload: row.payload };
      await listener.handle(event);
      await listener.handle(event);
    }
  }
}

async function notificationsOf(member: Member) {
  const response = await apiAs(rapport, member).get('/api/v1/notifications');
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as NotificationList).items;
}

/** The export read back with a real CSV parser (quoted fields may hold commas, doubled quotes and newlines). */
function parseCsv(text: string): Record<string, string>[] {
  return parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

describe('discretion limits', () => {
  it('replaces the whole set, validates duplicates and amounts, and is readable by everyone who acts', async () => {
    const workspace = await shop();
    const read = await apiAs(rapport, workspace.agent).get('/api/v1/discretion-limits');
    expect(read.statusCode).toBe(200);
    const items = (read.json() as DiscretionLimitList).items;
    expect(items.map((item) => [item.role, item.action, item.perAction, item.perPeriod])).toEqual([
      ['agent', 'discount', '0.30', '0.30'],
      ['agent', 'refund', '50.00', '200.00'],
      ['agent', 'store_credit', '75.00', '300.00'],
      ['lead', 'refund', '500.00', '3000.00'],
      ['lead', 'store_credit', '100.00', null],
    ]);

    // Replacing: the old rows are gone.
    const replaced = await apiAs(rapport, workspace.admin).put('/api/v1/discretion-limits', { items: [{ role: 'agent', action: 'refund', currency: 'usd', perAction: '10.5' }] });
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect((replaced.json() as DiscretionLimitList).items).toMatchObject([{ role: 'agent', action: 'refund', currency: 'USD', perAction: '10.50', perPeriod: null, period: 'month' }]);

    // The same role, action and currency twice (in any case); a period below the per-action amount; a bad currency; too many decimals.
    const duplicate = await apiAs(rapport, workspace.admin).put('/api/v1/discretion-limits', {
      items: [
        { role: 'agent', action: 'refund', currency: 'EUR', perAction: '10' },
        { role: 'agent', action: 'refund', currency: 'eur', perAction: '20' },
      ],
    });
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    for (const item of [
      { role: 'agent', action: 'refund', currency: 'EUR', perAction: '50', perPeriod: '20' },
      { role: 'agent', action: 'refund', currency: 'USX', perAction: '50' },
      { role: 'agent', action: 'refund', currency: 'EUR', perAction: '1.005' },
    ]) {
      const bad = await apiAs(rapport, workspace.admin).put('/api/v1/discretion-limits', { items: [item] });
      expect(bad.statusCode, JSON.stringify(item)).toBe(400);
      expect(bad.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }
    expect((await apiAs(rapport, workspace.lead).put('/api/v1/discretion-limits', { items: [] })).statusCode).toBe(403);

    // Audited with before and after.
    const [entry] = await rapport.database.query<{ data: { before: unknown[]; after: unknown[] } }>(
      "select data from audit_log where workspace_id = $1 and action = 'discretion_limits.replaced' order by id desc limit 1",
      [workspace.id],
    );
    expect(entry!.data.before).toHaveLength(5);
    expect(entry!.data.after).toEqual([{ role: 'agent', action: 'refund', currency: 'USD', perAction: '10.50', perPeriod: null, period: 'month' }]);
  });

  it("shows a person's own limits, use and remaining allowance; admins are unlimited", async () => {
    const workspace = await shop();
    const ticket = await buildTicket(rapport.deps, workspace.agent.actor);
    await given(workspace.agent, ticket.id, { action: 'refund', amount: '30', currency: 'EUR' });
    const mine = (await apiAs(rapport, workspace.agent).get('/api/v1/me/discretion')).json() as MyDiscretion;
    expect(mine).toMatchObject({ role: 'agent', unlimited: false, currencies: ['EUR'] });
    expect(mine.items.find((item) => item.action === 'refund')).toMatchObject({ perAction: '50.00', perPeriod: '200.00', period: 'month', usedInPeriod: '30.00', remainingInPeriod: '170.00' });
    expect(mine.items.find((item) => item.action === 'discount')).toMatchObject({ usedInPeriod: '0.00', remainingInPeriod: '0.30', period: 'day' });
    const admin = (await apiAs(rapport, workspace.admin).get('/api/v1/me/discretion')).json() as MyDiscretion;
    expect(admin).toMatchObject({ role: 'admin', unlimited: true, items: [] });
  });
});

describe('giving and asking', () => {
  it('approves an action within the limit at once and publishes the approved event for the shop', async () => {
    const workspace = await shop();
    const ticket = await buildTicket(rapport.deps, workspace.agent.actor);
    const action = await given(workspace.agent, ticket.id, { action: 'refund', amount: '49.99', currency: 'eur' });
    expect(action).toMatchObject({ status: 'approved', approval: 'within_limit', approvalReason: null, amount: '49.99', currency: 'EUR', approver: null, requestedBy: { id: workspace.agent.id } });
    const [event, ...more] = await outboxEvents(workspace.id, 'resolution_action.approved');
    expect(more).toHaveLength(0);
    const { workspaceId, actorId, ...data } = event!.payload;
    expect(workspaceId).toBe(workspace.id);
    expect(actorId).toBe(workspace.agent.id);
    expect(Object.keys(data).sort()).toEqual(Object.keys(ResolutionApprovedEventData.shape).sort());
    expect(ResolutionApprovedEventData.parse(data)).toMatchObject({ resolutionActionId: action.id, ticketNumber: ticket.number, amount: '49.99', approval: 'within_limit', approver: null });
    const listed = (await apiAs(rapport, workspace.agent).get(`/api/v1/tickets/${ticket.number}/resolution-actions`)).json() as TicketResolutions;
    expect(listed.items.map((item) => item.id)).toEqual([action.id]);
    expect(listed.allowedActions).toEqual(['refund', 'store_credit', 'replacement', 'discount', 'free_shipping']);
    // A retried create with the same Idempotency-Key gives the same action, once.
    const headers = { 'idempotency-key': `refund-${ticket.id}` };
    const once = await apiAs(rapport, workspace.agent).post(`/api/v1/tickets/${ticket.id}/resolution-actions`, { action: 'store_credit', amount: '5', currency: 'EUR', reason: 'Retry' }, headers);
    const twice = await apiAs(rapport, workspace.agent).post(`/api/v1/tickets/${ticket.id}/resolution-actions`, { action: 'store_credit', amount: '5', currency: 'EUR', reason: 'Retry' }, headers);
    expect(once.statusCode, once.body).toBe(201);
    expect(twice.json().id).toBe(once.json().id);
    expect(await outboxEvents(workspace.id, 'resolution_action.approved')).toHaveLength(2);
    const audit = await rapport.database.query<{ action: string; data: Record<string, unknown> }>(
      "select action, data from audit_log where workspace_id = $1 and subject_id = $2 and action like 'resolution_action.%' order by id",
      [workspace.id, ticket.id],
    );
    expect(audit.map((entry) => entry.action)).toEqual(['resolution_action.approved', 'resolution_action.approved']);
    expect(audit[0]!.data).toMatchObject({ resolutionActionId: action.id, amount: '49.99', approval: 'within_limit', limit: { perAction: '50.00', perPeriod: '200.00', usedInPeriod: '0.00' } });
  });

  it('asks for approval above the per-action limit, without any limit, and notifies the approvers', async () => {
    const workspace = await shop();
    const ticket = await buildTicket(rapport.deps, workspace.agent.actor);
    const above = await given(workspace.agent, ticket.id, { action: 'refund', amount: '50.01', currency: 'EUR' });
    expect(above).toMatchObject({ status: 'pending', approval: null, approvalReason: 'above_per_action', decidedAt: null });
    const none = await given(workspace.agent, ticket.id, { action: 'replacement', amount: '5', currency: 'EUR' });
    expect(none).toMatchObject({ status: 'pending', approvalReason: 'no_limit' });
    expect(await outboxEvents(workspace.id, 'resolution_action.approved')).toHaveLength(0);
    expect(await outboxEvents(workspace.id, 'resolution_action.requested')).toHaveLength(2);

    const approvals = (await apiAs(rapport, workspace.lead).get('/api/v1/approvals')).json() as ResolutionPage;
    expect(approvals.items.map((item) => item.id)).toEqual([above.id, none.id]);
    // Keyset paging: one at a time.
    const first = (await apiAs(rapport, workspace.lead).get('/api/v1/approvals?limit=1')).json() as ResolutionPage;
    expect(first.items.map((item) => item.id)).toEqual([above.id]);
    const second = (await apiAs(rapport, workspace.lead).get(`/api/v1/approvals?limit=1&cursor=${first.nextCursor}`)).json() as ResolutionPage;
    expect(second).toMatchObject({ items: [{ id: none.id }], nextCursor: null });

    await deliverResolutionEvents(workspace.id);
    for (const member of [workspace.lead, workspace.admin]) {
      const requested = (await notificationsOf(member)).filter((item) => item.kind === 'approval_requested');
      expect(requested).toHaveLength(2);
      expect(requested.find((item) => item.data['resolutionActionId'] === above.id)?.data).toMatchObject({
        number: ticket.number,
        subject: ticket.subject,
        actorName: expect.stringContaining('Agent'),
        amount: '50.01',
        currency: 'EUR',
        action: 'refund',
      });
    }
    expect((await notificationsOf(workspace.agent)).filter((item) => item.kind === 'approval_requested')).toHaveLength(0);
  });

  it('counts the period limit across actions, with exact decimals', async () => {
    const workspace = await shop();
    const ticket = await buildTicket(rapport.deps, workspace.agent.actor);
    for (const amount of ['50', '50', '50', '50']) expect((await given(workspace.agent, ticket.id, { action: 'refund', amount, currency: 'EUR' })).status).toBe('approved');
    expect(await given(workspace.agent, ticket.id, { action: 'refund', amount: '1', currency: 'EUR' })).toMatchObject({ status: 'pending', approvalReason: 'above_period' });
    // "0.10" + "0.20" reaches a "0.30" period limit exactly; one cent more does not fit.
    expect((await given(workspace.agent, ticket.id, { action: 'discount', amount: '0.10', currency: 'EUR' })).status).toBe('approved');
    expect((await given(workspace.agent, ticket.id, { action: 'discount', amount: '0.20', currency: 'EUR' })).status).toBe('approved');
    expect(await given(workspace.agent, ticket.id, { action: 'discount', amount: '0.01', currency: 'EUR' })).toMatchObject({ status: 'pending', approvalReason: 'above_period' });
    // Another agent has their own allowance.
    const second = await buildMember(rapport.deps, workspace, 'agent', 'second');
    expect((await given(second, ticket.id, { action: 'refund', amount: '50', currency: 'EUR' })).status).toBe('approved');

    for (const [body, field] of [
      [{ action: 'refund', amount: '1.005', currency: 'EUR' }, 'amount'],
      [{ action: 'refund', amount: '0', currency: 'EUR' }, 'amount'],
      [{ action: 'refund', amount: '-5', currency: 'EUR' }, 'amount'],
      [{ action: 'refund', amount: 5, currency: 'EUR' }, 'amount'],
      [{ action: 'refund', amount: '5', currency: 'USX' }, 'currency'],
    ] as const) {
      const response = await give(workspace.agent, ticket.id, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json(), JSON.stringify(body)).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
      expect(response.body).toContain(field);
    }
  });

  it('serializes one agent: concurrent actions that together pass the period limit give one approved and one pending', async () => {
    const workspace = await shop();
    const ticket = await buildTicket(rapport.deps, workspace.agent.actor);
    await given(workspace.agent, ticket.id, { action: 'refund', amount: '50', currency: 'EUR' });
    await given(workspace.agent, ticket.id, { action: 'refund', amount: '50', currency: 'EUR' });
    await given(workspace.agent, ticket.id, { action: 'refund', amount: '50', currency: 'EUR' });
    // On two tickets, so the ticket's row lock does not serialize them: only the requester's lock does.
    const otherTicket = await buildTicket(rapport.deps, workspace.agent.actor);
    const both = await Promise.all([
      given(workspace.agent, ticket.id, { action: 'refund', amount: '30', currency: 'EUR' }),
      given(workspace.agent, otherTicket.id, { action: 'refund', amount: '30', currency: 'EUR' }),
    ]);
    expect(both.map((item) => item.status).sort()).toEqual(['approved', 'pending']);
    expect(both.find((item) => item.status === 'pending')?.approvalReason).toBe('above_period');
  });

  it('refuses actions the started playbooks do not allow, and on merged or closed tickets', async () => {
    const workspace = await shop();
    const ticket = await buildTicket(rapport.deps, workspace.agent.actor);
    const playbooks = (await apiAs(rapport, workspace.agent).get('/api/v1/playbooks')).json() as PlaybookList;
    const refundPlaybook = playbooks.items.find((playbook) => playbook.key === 'refund_request')!;
    expect((await apiAs(rapport, workspace.agent).post(`/api/v1/tickets/${ticket.id}/playbooks`, { playbookId: refundPlaybook.id })).statusCode).toBeLessThan(300);
    const view = (await apiAs(rapport, workspace.agent).get(`/api/v1/tickets/${ticket.id}/resolution-actions`)).json() as TicketResolutions;
    expect(view.allowedActions).toEqual(['refund', 'store_credit', 'replacement']);
    const refused = await give(workspace.agent, ticket.id, { action: 'discount', amount: '0.10', currency: 'EUR' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ error: { code: 'RESOLUTION_NOT_ALLOWED' } });
    expect((await give(workspace.agent, ticket.id, { action: 'refund', amount: '10', currency: 'EUR' })).statusCode).toBe(201);

    const fresh = await buildTicket(rapport.deps, workspace.agent.actor);
    expect(((await apiAs(rapport, workspace.agent).get(`/api/v1/tickets/${fresh.id}/resolution-actions`)).json() as TicketResolutions).allowedActions).toHaveLength(5);
    await rapport.database.query("update tickets set status = 'closed' where workspace_id = $1 and id = $2", [workspace.id, fresh.id]);
    const closed = await give(workspace.agent, fresh.id, { action: 'refund', amount: '10', currency: 'EUR' });
    expect(closed.statusCode).toBe(422);
    expect(closed.json()).toMatchObject({ error: { code: 'RESOLUTION_NOT_ALLOWED' } });
    expect(((await apiAs(rapport, workspace.agent).get(`/api/v1/tickets/${fresh.id}/resolution-actions`)).json() as TicketResolutions).suggestion).toBeNull();

    const merged = await buildTicket(rapport.deps, workspace.agent.actor);
    await rapport.database.query('update tickets set merged_into_id = $3 where workspace_id = $1 and id = $2', [workspace.id, merged.id, ticket.id]);
    const onMerged = await give(workspace.agent, merged.id, { action: 'refund', amount: '10', currency: 'EUR' });
    expect(onMerged.statusCode).toBe(422);
    expect(onMerged.json().error.message).toContain('merged');
  });

  it('suggests an action within the agent limit, with its reasons', async () => {
    const workspace = await shop();
    const ticket = await buildTicket(rapport.deps, workspace.agent.actor, {
      subject: 'Wrong item',
      text: 'You sent me the wrong item. This is really frustrating and I am very disappointed.',
      tags: ['our-mistake'],
    });
    const view = (await apiAs(rapport, workspace.agent).get(`/api/v1/tickets/${ticket.id}/resolution-actions`)).json() as TicketResolutions;
    // Our mistake: replacement first (no limit for it here), so a refund; medium severity one step up = 100% of 50.
    expect(view.suggestion).toMatchObject({ action: 'refund', amount: '50.00', currency: 'EUR', ourMistake: true, history: { ticketsLastYear: 1, actionsLastYear: 0 } });
    expect(view.suggestion!.reasons.join(' ')).toContain('tagged our-mistake');
    // Taken as shown: the ledger keeps it.
    const taken = await given(workspace.agent, ticket.id, { action: 'refund', amount: '50.00', currency: 'EUR', suggestion: view.suggestion });
    expect(taken).toMatchObject({ suggested: true, status: 'approved' });
  });
});

describe('deciding', () => {
  it('lets a lead approve within their own limit: the agent is notified, the ledger shows the approver, the override is recorded', async () => {
    const workspace = await shop();
    const ticket = await buildTicket(rapport.deps, workspace.agent.actor);
    const request = await given(workspace.agent, ticket.id, { action: 'refund', amount: '120', currency: 'EUR', reason: 'Broken, and a gift' });
    const realtime: { type: string; ticketId?: string; userId?: string; kind?: string }[] = [];
    const unlisten = await rapport.database.listen(realtimeChannel, (payload) => realtime.push(JSON.parse(payload) as (typeof realtime)[number]));
    const approved = await decide(workspace.lead, request.id, { decision: 'approve', note: 'Loyal customer' });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', approval: 'approver', approvalReason: 'above_per_action', approver: { id: workspace.lead.id }, decisionNote: 'Loyal customer' });

    const [event] = await outboxEvents(workspace.id, 'resolution_action.approved');
    const { workspaceId: _workspaceId, actorId: _actorId, ...data } = event!.payload;
    expect(ResolutionApprovedEventData.strict().parse(data)).toMatchObject({ approval: 'approver', approver: { id: workspace.lead.id }, requestedBy: { id: workspace.agent.id }, amount: '120.00' });

    const [override] = await rapport.database.query<{ kind: string; subject: string; reason: string; before: Record<string, unknown>; after: Record<string, unknown>; actor_id: string }>(
      'select kind, subject, reason, before, after, actor_id from decision_overrides where workspace_id = $1 and ticket_id = $2',
      [workspace.id, ticket.id],
    );
    expect(override).toMatchObject({
      kind: 'limit',
      subject: request.id,
      reason: 'Loyal customer',
      actor_id: workspace.lead.id,
      before: { requesterRole: 'agent', approvalReason: 'above_per_action', limit: { perAction: '50.00' } },
      after: { approvedAmount: '120.00', currency: 'EUR', action: 'refund' },
    });

    await deliverResolutionEvents(workspace.id);
    const decided = (await notificationsOf(workspace.agent)).filter((item) => item.kind === 'approval_decided');
    expect(decided).toHaveLength(1);
    expect(decided[0]!.data).toMatchObject({ number: ticket.number, subject: ticket.subject, actorName: expect.stringContaining('Lead'), decision: 'approved', amount: '120.00', currency: 'EUR', action: 'refund' });
    // Open ticket pages refetch; the agent's bell hears of the decision live.
    const deadline = Date.now() + 5_000;
    const heard = () => realtime.some((event) => event.type === 'notification.created' && event.userId === workspace.agent.id && event.kind === 'approval_decided');
    while (!heard() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await unlisten();
    expect(realtime.some((event) => event.type === 'ticket.updated' && event.ticketId === ticket.id)).toBe(true);
    expect(heard()).toBe(true);

    const ledger = (await apiAs(rapport, workspace.lead).get('/api/v1/resolution-ledger?status=approved')).json() as ResolutionPage;
    expect(ledger.items).toMatchObject([{ id: request.id, approver: { id: workspace.lead.id }, requestedBy: { id: workspace.agent.id } }]);
    expect((await apiAs(rapport, workspace.lead).get('/api/v1/approvals')).json()).toMatchObject({ items: [] });
  });

  it('needs a note to reject, and resolves concurrent decisions once', async () => {
    const workspace = await shop();
    const secondLead = await buildMember(rapport.deps, workspace, 'lead', 'second');
    const ticket = await buildTicket(rapport.deps, workspace.agent.actor);
    const request = await given(workspace.agent, ticket.id, { action: 'refund', amount: '80', currency: 'EUR' });
    const noNote = await decide(workspace.lead, request.id, { decision: 'reject' });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });

    const results = await Promise.all([decide(workspace.lead, request.id, { decision: 'approve' }), decide(secondLead, request.id, { decision: 'reject', note: 'Too much' })]);
    expect(results.map((response) => response.statusCode).sort()).toEqual([200, 409]);
    expect(results.find((response) => response.statusCode === 409)!.json()).toMatchObject({ error: { code: 'RESOLUTION_DECIDED' } });
    const decided = [...(await outboxEvents(workspace.id, 'resolution_action.approved')), ...(await outboxEvents(workspace.id, 'resolution_action.rejected'))];
    expect(decided).toHaveLength(1);

    // Rejected with a note, on another request; decided ones stay decided.
    const other = await given(workspace.agent, ticket.id, { action: 'refund', amount: '70', currency: 'EUR' });
    const rejected = await decide(secondLead, other.id, { decision: 'reject', note: 'Already refunded by the bank' });
    expect(rejected.json()).toMatchObject({ status: 'rejected', approval: null, decisionNote: 'Already refunded by the bank', approver: { id: secondLead.id } });
    expect((await decide(workspace.lead, other.id, { decision: 'approve' })).json()).toMatchObject({ error: { code: 'RESOLUTION_DECIDED' } });
  });

  it("refuses approvals above the approver's own limit (naming who can) and one's own requests", async () => {
    const workspace = await shop();
    const ticket = await buildTicket(rapport.deps, workspace.agent.actor);
    const big = await given(workspace.agent, ticket.id, { action: 'store_credit', amount: '150', currency: 'EUR' });
    const refused = await decide(workspace.lead, big.id, { decision: 'approve' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'RESOLUTION_APPROVER_LIMIT' } });
    expect(refused.json().error.message).toContain('Admin');
    // The lead may still reject it; an admin (no row: unlimited) may approve it.
    expect((await decide(workspace.admin, big.id, { decision: 'approve' })).statusCode).toBe(200);

    const own = await given(workspace.lead, ticket.id, { action: 'store_credit', amount: '150', currency: 'EUR' });
    expect(own.status).toBe('pending');
    const self = await decide(workspace.lead, own.id, { decision: 'reject', note: 'no' });
    expect(self.statusCode).toBe(403);
    expect(self.json()).toMatchObject({ error: { code: 'RESOLUTION_SELF_APPROVAL' } });
    // Only the requester cancels, while pending.
    expect((await apiAs(rapport, workspace.agent).post(`/api/v1/resolution-actions/${own.id}/cancel`, {})).statusCode).toBe(403);
    const cancelled = await apiAs(rapport, workspace.lead).post(`/api/v1/resolution-actions/${own.id}/cancel`, {});
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
    expect((await apiAs(rapport, workspace.lead).post(`/api/v1/resolution-actions/${own.id}/cancel`, {})).json()).toMatchObject({ error: { code: 'RESOLUTION_DECIDED' } });
    expect(await outboxEvents(workspace.id, 'resolution_action.cancelled')).toHaveLength(1);
  });
});

describe('the ledger', () => {
  it('filters, pages newest first, and exports CSV that parses back exactly', async () => {
    const workspace = await shop();
    const ticket = await buildTicket(rapport.deps, workspace.agent.actor, { subject: 'Broken "Deluxe" lamp, again', customer: { email: 'formula@example.test', name: '=HYPERLINK("http://evil.test")' } });
    const tricky = 'Customer said: "it broke, twice"\nand wants it fixed';
    const first = await given(workspace.agent, ticket.id, { action: 'refund', amount: '10.10', currency: 'EUR', reason: tricky });
    const second = await given(workspace.agent, ticket.id, { action: 'store_credit', amount: '200', currency: 'EUR' });
    const page = (await apiAs(rapport, workspace.lead).get('/api/v1/resolution-ledger?limit=1')).json() as ResolutionPage;
    expect(page.items.map((item) => item.id)).toEqual([second.id]);
    const next = (await apiAs(rapport, workspace.lead).get(`/api/v1/resolution-ledger?limit=1&cursor=${page.nextCursor}`)).json() as ResolutionPage;
    expect(next).toMatchObject({ items: [{ id: first.id }], nextCursor: null });
    expect(((await apiAs(rapport, workspace.lead).get('/api/v1/resolution-ledger?status=pending')).json() as ResolutionPage).items.map((item) => item.id)).toEqual([second.id]);
    expect(((await apiAs(rapport, workspace.lead).get('/api/v1/resolution-ledger?action=refund&currency=eur')).json() as ResolutionPage).items.map((item) => item.id)).toEqual([first.id]);
    expect((await apiAs(rapport, workspace.agent).get('/api/v1/resolution-ledger')).statusCode).toBe(403);

    const csv = await apiAs(rapport, workspace.lead).get('/api/v1/resolution-ledger.csv?action=refund');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(String(csv.headers['content-disposition'])).toMatch(/^attachment; filename="resolution-ledger-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(csv.headers['x-rapport-truncated']).toBe('false');
    const rows = parseCsv(csv.body);
    expect(rows).toEqual([
      {
        created_at: first.createdAt,
        ticket_number: String(ticket.number),
        ticket_subject: 'Broken "Deluxe" lamp, again',
        // A formula from outside is defused for spreadsheets.
        customer: `'${first.customer.name}`,
        action: 'refund',
        amount: '10.10',
        currency: 'EUR',
        status: 'approved',
        approval: 'within_limit',
        requested_by: first.requestedBy!.name,
        approver: '',
        decided_at: first.decidedAt,
        reason: tricky,
        decision_note: '',
      },
    ]);
  });
});
