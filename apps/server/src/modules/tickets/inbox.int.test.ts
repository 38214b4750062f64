import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BulkTicketsResponse, TicketReadState, ViewCountList } from '@rapport/contracts/inbox';
import type { TicketPage } from '@rapport/contracts/tickets';
import { buildTicket, buildWorkspace, type Member, type WorkspaceFixture } from '../../../../../tests/support/factories.ts';
import { apiAs } from '../../../../../tests/support/api-client.ts';
import { startTestRapport, type TestRapport } from '../../../../../tests/support/rapport.ts';
import { replyToTicket } from './reply-to-ticket.ts';

let rapport: TestRapport;
let other: WorkspaceFixture;

beforeAll(async () => {
  rapport = await startTestRapport();
  other = await buildWorkspace(rapport.deps, 'Other shop');
});
afterAll(async () => {
  await rapport.stop();
});

const api = (member: Member) => apiAs(rapport, member);

async function list(member: Member, query: string): Promise<TicketPage> {
  const response = await api(member).get(`/api/v1/tickets?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as TicketPage;
}
const numbers = (page: TicketPage) => page.items.map((ticket) => ticket.number);

async function counts(member: Member): Promise<Map<string, { count: number; isCapped: boolean }>> {
  const response = await api(member).get('/api/v1/views/counts');
  expect(response.statusCode, response.body).toBe(200);
  return new Map((response.json() as ViewCountList).items.map((item) => [item.view, { count: item.count, isCapped: item.isCapped }]));
}

async function created(member: Member, url: string, payload: object): Promise<string> {
  const response = await api(member).post(url, payload);
  expect(response.statusCode, response.body).toBe(201);
  return (response.json() as { id: string }).id;
}

describe('inbox list filters and sorting', () => {
  it('filters on language, customer tier, team, tag, channel and a custom field, and sorts by priority both ways', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const actor = workspace.agent.actor;
    const teamId = await created(workspace.admin, '/api/v1/teams', { name: 'Billing' });
    await created(workspace.admin, '/api/v1/custom-fields', { key: 'plan', label: 'Plan', type: 'select', options: ['free', 'pro'] });
    await created(workspace.admin, '/api/v1/custom-fields', { key: 'seats', label: 'Seats', type: 'number' });
    const german = await buildTicket(rapport.deps, actor, { language: 'de', priority: 'high', tags: ['refund'], customFields: { plan: 'pro', seats: 5 } });
    const english = await buildTicket(rapport.deps, actor, { language: 'en', priority: 'low', channel: 'web', teamId, customFields: { plan: 'free' } });
    const urgent = await buildTicket(rapport.deps, actor, { language: 'en', priority: 'urgent', tags: ['refund'] });
    const patched = await api(workspace.admin).patch(`/api/v1/customers/${english.customer.id}`, { tier: 'enterprise' });
    expect(patched.statusCode, patched.body).toBe(200);

    expect(numbers(await list(workspace.agent, 'language=de'))).toEqual([german.number]);
    expect(numbers(await list(workspace.agent, 'tier=enterprise'))).toEqual([english.number]);
    expect(numbers(await list(workspace.agent, 'tier=standard&sort=created_asc'))).toEqual([german.number, urgent.number]);
    expect(numbers(await list(workspace.agent, `team=${teamId}`))).toEqual([english.number]);
    expect(numbers(await list(workspace.agent, 'channel=web'))).toEqual([english.number]);
    expect(numbers(await list(workspace.agent, 'field=plan:pro'))).toEqual([german.number]);
    expect(numbers(await list(workspace.agent, 'field=seats:5'))).toEqual([german.number]);
    expect(numbers(await list(workspace.agent, 'tag=refund&language=en'))).toEqual([urgent.number]);
    expect(numbers(await list(workspace.agent, 'sort=priority_desc'))).toEqual([urgent.number, german.number, english.number]);
    expect(numbers(await list(workspace.agent, 'sort=priority_asc'))).toEqual([english.number, german.number, urgent.number]);
    // Keyset pagination keeps the ascending priority order across pages.
    const first = await list(workspace.agent, 'sort=priority_asc&limit=2');
    expect(numbers(first)).toEqual([english.number, german.number]);
    expect(numbers(await list(workspace.agent, `sort=priority_asc&limit=2&cursor=${first.nextCursor ?? ''}`))).toEqual([urgent.number]);

    const bad = await api(workspace.agent).get('/api/v1/tickets?field=no-colon');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });

  it('saves a view with the new filters and counts it', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    await buildTicket(rapport.deps, workspace.agent.actor, { language: 'fr' });
    const viewId = await created(workspace.agent, '/api/v1/views', { name: 'French', filters: { language: 'fr', tier: 'standard', sort: 'priority_asc' } });
    const byView = await counts(workspace.agent);
    expect(byView.get(viewId)).toEqual({ count: 1, isCapped: false });
  });
});

describe('per-view counts', () => {
  it('counts every built-in view for the asking agent and each visible saved view, in one request', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const actor = workspace.agent.actor;
    await buildTicket(rapport.deps, actor, { assigneeId: workspace.agent.id });
    await buildTicket(rapport.deps, actor, { assigneeId: workspace.lead.id, status: 'pending' });
    await buildTicket(rapport.deps, actor, { status: 'on_hold' });
    await buildTicket(rapport.deps, actor, { status: 'solved' });
    await buildTicket(rapport.deps, actor);
    const shared = await created(workspace.lead, '/api/v1/views', { name: 'Everything pending', filters: { status: ['pending', 'on_hold'] }, isShared: true });
    const leadPrivate = await created(workspace.lead, '/api/v1/views', { name: 'Lead only', filters: {} });

    const agentCounts = await counts(workspace.agent);
    expect(Object.fromEntries(agentCounts)).toEqual({
      mine: { count: 1, isCapped: false },
      unassigned: { count: 2, isCapped: false },
      open: { count: 2, isCapped: false },
      pending: { count: 1, isCapped: false },
      on_hold: { count: 1, isCapped: false },
      solved: { count: 1, isCapped: false },
      [shared]: { count: 2, isCapped: false },
    });
    // "Mine" is whoever asks; a private view counts only for its owner.
    const leadCounts = await counts(workspace.lead);
    expect(leadCounts.get('mine')).toEqual({ count: 1, isCapped: false });
    expect(leadCounts.get(leadPrivate)).toEqual({ count: 5, isCapped: false });
    // Another workspace's tickets never count.
    expect((await counts(other.agent)).get('unassigned')?.count).toBe(0);
  });

  it('stops counting at 999 and says so', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const customer = await buildTicket(rapport.deps, workspace.agent.actor);
    // A thousand tickets through SQL: the API path is covered above, this is about the cap.
    await rapport.database.query(
      `insert into tickets (workspace_id, number, subject, status, channel, customer_id)
       select $1, 1000 + n, 'Bulk ' || n, 'open', 'email', $2 from generate_series(1, 1000) as n`,
      [workspace.id, customer.customer.id],
    );
    const byView = await counts(workspace.agent);
    expect(byView.get('open')).toEqual({ count: 999, isCapped: true });
    expect(byView.get('solved')).toEqual({ count: 0, isCapped: false });
  });
});

describe('bulk actions', () => {
  it('applies a change to each ticket with its own audit entry, and reports the one that failed without undoing the rest', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const actor = workspace.agent.actor;
    const one = await buildTicket(rapport.deps, actor, { tags: ['old'] });
    const two = await buildTicket(rapport.deps, actor);
    const foreign = await buildTicket(rapport.deps, other.agent.actor);
    const response = await api(workspace.agent).post('/api/v1/tickets/bulk', {
      ticketIds: [one.id, foreign.id, two.id],
      action: { type: 'update', changes: { assigneeId: workspace.lead.id, addTags: ['vip'], removeTags: ['old'], status: 'pending' } },
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as BulkTicketsResponse;
    expect(body).toMatchObject({ succeeded: 2, failed: 1 });
    expect(body.results).toEqual([
      { ticketId: one.id, ok: true, error: null },
      { ticketId: foreign.id, ok: false, error: { code: 'TICKET_NOT_FOUND', message: expect.any(String) } },
      { ticketId: two.id, ok: true, error: null },
    ]);
    const rows = await rapport.database.query<{ number: number; status: string; assignee_id: string; tags: string[] }>(
      'select number, status, assignee_id, tags from tickets where workspace_id = $1 order by number',
      [workspace.id],
    );
    expect(rows).toEqual([
      { number: one.number, status: 'pending', assignee_id: workspace.lead.id, tags: ['vip'] },
      { number: two.number, status: 'pending', assignee_id: workspace.lead.id, tags: ['vip'] },
    ]);
    const audit = await rapport.database.query<{ subject_id: string }>(
      "select subject_id from audit_log where workspace_id = $1 and action = 'ticket.updated' order by id",
      [workspace.id],
    );
    expect(audit.map((row) => row.subject_id)).toEqual([one.id, two.id]);
    // The foreign ticket is untouched.
    const [foreignRow] = await rapport.database.query<{ status: string }>('select status from tickets where id = $1', [foreign.id]);
    expect(foreignRow?.status).toBe('new');
  });

  it('reports a rule failure (an unknown assignee) per ticket', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const ticket = await buildTicket(rapport.deps, workspace.agent.actor);
    const response = await api(workspace.agent).post('/api/v1/tickets/bulk', {
      ticketIds: [ticket.id],
      action: { type: 'update', changes: { assigneeId: other.agent.id } },
    });
    expect(response.json()).toMatchObject({ succeeded: 0, failed: 1, results: [{ ticketId: ticket.id, ok: false, error: { code: 'USER_NOT_FOUND' } }] });
  });

  it('merges the selected tickets into one, skipping the survivor', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const actor = workspace.agent.actor;
    const survivor = await buildTicket(rapport.deps, actor);
    const first = await buildTicket(rapport.deps, actor);
    const second = await buildTicket(rapport.deps, actor);
    const response = await api(workspace.agent).post('/api/v1/tickets/bulk', {
      ticketIds: [survivor.id, first.id, second.id],
      action: { type: 'merge', intoTicketId: survivor.id },
    });
    expect(response.json()).toMatchObject({ succeeded: 2, failed: 0 });
    const rows = await rapport.database.query<{ id: string; merged_into_id: string | null; status: string }>(
      'select id, merged_into_id, status from tickets where workspace_id = $1 order by number',
      [workspace.id],
    );
    expect(rows).toEqual([
      { id: survivor.id, merged_into_id: null, status: 'new' },
      { id: first.id, merged_into_id: survivor.id, status: 'closed' },
      { id: second.id, merged_into_id: survivor.id, status: 'closed' },
    ]);
    const [messages] = await rapport.database.query<{ count: number }>('select count(*)::int as count from messages where ticket_id = $1', [survivor.id]);
    expect(messages?.count).toBe(3);
  });

  it('refuses an empty change and more than 100 tickets', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const ticket = await buildTicket(rapport.deps, workspace.agent.actor);
    const empty = await api(workspace.agent).post('/api/v1/tickets/bulk', { ticketIds: [ticket.id], action: { type: 'update', changes: {} } });
    expect(empty.statusCode).toBe(400);
    const many = Array.from({ length: 101 }, () => ticket.id);
    const tooMany = await api(workspace.agent).post('/api/v1/tickets/bulk', { ticketIds: many, action: { type: 'update', changes: { status: 'open' } } });
    expect(tooMany.statusCode).toBe(400);
  });
});

describe('read markers', () => {
  it('marks a ticket unread until the agent opens it, unread again when a new message arrives, and on request', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const ticket = await buildTicket(rapport.deps, workspace.agent.actor);
    const unread = async (member: Member) => (await list(member, 'sort=created_desc')).items.find((item) => item.id === ticket.id)?.isUnread;
    expect(await unread(workspace.agent)).toBe(true);

    const read = await api(workspace.agent).post(`/api/v1/tickets/${ticket.number}/read`, {});
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toMatchObject({ ticketId: ticket.id, readAt: expect.any(String) });
    expect(await unread(workspace.agent)).toBe(false);
    // Read markers are personal.
    expect(await unread(workspace.lead)).toBe(true);

    await new Promise((resolve) => setTimeout(resolve, 5));
    await replyToTicket(rapport.deps, workspace.lead.actor, ticket.id, { text: 'We are on it.' });
    expect(await unread(workspace.agent)).toBe(true);

    await api(workspace.agent).post(`/api/v1/tickets/${ticket.id}/read`, {});
    expect(await unread(workspace.agent)).toBe(false);
    const markUnread = await api(workspace.agent).delete(`/api/v1/tickets/${ticket.id}/read`);
    expect(markUnread.statusCode).toBe(200);
    expect(markUnread.json() as TicketReadState).toEqual({ ticketId: ticket.id, readAt: null });
    expect(await unread(workspace.agent)).toBe(true);
  });

  it("answers 404 for another workspace's ticket", async () => {
    const foreign = await buildTicket(rapport.deps, other.agent.actor);
    const workspace = await buildWorkspace(rapport.deps);
    const response = await api(workspace.agent).post(`/api/v1/tickets/${foreign.id}/read`, {});
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'TICKET_NOT_FOUND' } });
  });
});
