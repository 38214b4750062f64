import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketDetail, TicketPage } from '@rapport/contracts/tickets';
import { buildTicket, buildWorkspace, type WorkspaceFixture } from '../../../../../tests/support/factories.ts';
import { apiAs, startWithTwoWorkspaces } from '../../../../../tests/support/api-client.ts';
import { type TestRapport } from '../../../../../tests/support/rapport.ts';

let rapport: TestRapport;
let shop: WorkspaceFixture;
let other: WorkspaceFixture;

beforeAll(async () => {
  ({ rapport, shop, other } = await startWithTwoWorkspaces());
});
afterAll(async () => {
  await rapport.stop();
});

const api = (member: WorkspaceFixture['agent']) => apiAs(rapport, member);

describe('tickets API', () => {
  it('creates a ticket with a customer found or created by email, numbered per workspace', async () => {
    const response = await api(shop.agent).post('/api/v1/tickets', {
      subject: 'Broken grinder',
      text: 'The burr grinder I bought arrived with a cracked hopper.',
      customer: { email: 'Dana@Example.test', name: 'Dana' },
      tags: ['damaged'],
    });
    expect(response.statusCode).toBe(201);
    const ticket = response.json() as TicketDetail;
    expect(ticket.number).toBe(1);
    expect(ticket.status).toBe('new');
    expect(ticket.customer).toMatchObject({ name: 'Dana', email: 'dana@example.test' });
    expect(ticket.messages).toHaveLength(1);
    expect(ticket.messages[0]).toMatchObject({ direction: 'inbound', author: { type: 'customer', name: 'Dana' } });
    const again = await api(shop.agent).post('/api/v1/tickets', { subject: 'Second', text: 'Another one', customer: { email: 'dana@example.test' } });
    expect((again.json() as TicketDetail).customer.id).toBe(ticket.customer.id);
    expect((again.json() as TicketDetail).number).toBe(2);
    const elsewhere = await api(other.agent).post('/api/v1/tickets', { subject: 'Hi', text: 'Hello', customer: { email: 'dana@example.test' } });
    expect((elsewhere.json() as TicketDetail).number).toBe(1);
    expect((elsewhere.json() as TicketDetail).customer.id).not.toBe(ticket.customer.id);
  });

  it('allocates unique, gap-free numbers under concurrent creation', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const created = await Promise.all(Array.from({ length: 12 }, () => buildTicket(rapport.deps, workspace.agent.actor)));
    const numbers = created.map((ticket) => ticket.number).sort((left, right) => left - right);
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, index) => index + 1));
  });

  it('replies, notes, assigns, tags and sets status, with first reply time and audit', async () => {
    const ticket = await buildTicket(rapport.deps, shop.agent.actor);
    const reply = await api(shop.agent).post(`/api/v1/tickets/${ticket.number}/replies`, { text: 'Thanks for telling us, I am checking with the courier now.', status: 'pending' });
    expect(reply.statusCode).toBe(201);
    expect(reply.json()).toMatchObject({ direction: 'outbound', author: { type: 'agent', id: shop.agent.id } });
    const note = await api(shop.agent).post(`/api/v1/tickets/${ticket.id}/notes`, { text: 'Courier says it is stuck in the depot.' });
    expect(note.statusCode).toBe(201);
    const patched = await api(shop.agent).patch(`/api/v1/tickets/${ticket.number}`, { assigneeId: shop.lead.id, addTags: ['shipping', 'Courier'], priority: 'high' });
    expect(patched.statusCode).toBe(200);
    const detail = patched.json() as TicketDetail;
    expect(detail.status).toBe('pending');
    expect(detail.firstReplyAt).not.toBeNull();
    expect(detail.assignee?.id).toBe(shop.lead.id);
    expect(detail.tags).toEqual(['courier', 'shipping']);
    expect(detail.priority).toBe('high');
    expect(detail.messages.map((message) => message.direction)).toEqual(['inbound', 'outbound']);
    expect(detail.notes.map((item) => item.text)).toEqual(['Courier says it is stuck in the depot.']);
    const solved = await api(shop.agent).patch(`/api/v1/tickets/${ticket.number}`, { status: 'solved' });
    expect(solved.json()).toMatchObject({ status: 'solved', outcome: 'solved' });
    expect((solved.json() as TicketDetail).solvedAt).not.toBeNull();
    const audit = await rapport.database.query<{ action: string }>('select action from audit_log where subject_id = $1 order by id', [ticket.id]);
    expect(audit.map((row) => row.action)).toEqual(['ticket.created', 'ticket.replied', 'ticket.noted', 'ticket.updated', 'ticket.updated']);
  });

  it('lists with filters and stable cursor pagination', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    for (let index = 0; index < 7; index += 1) {
      await buildTicket(rapport.deps, workspace.agent.actor, { assigneeId: index % 2 === 0 ? workspace.agent.id : null, tags: index < 3 ? ['vip'] : [] });
    }
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: TicketPage = (await api(workspace.agent).get(`/api/v1/tickets?limit=3${cursor ? `&cursor=${cursor}` : ''}`)).json() as TicketPage;
      seen.push(...page.items.map((item) => item.number));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    const mine = (await api(workspace.agent).get('/api/v1/tickets?assignee=me&status=open,new')).json() as TicketPage;
    expect(mine.items.map((item) => item.assignee?.id)).toEqual(Array(4).fill(workspace.agent.id));
    const unassigned = (await api(workspace.agent).get('/api/v1/tickets?assignee=none')).json() as TicketPage;
    expect(unassigned.items).toHaveLength(3);
    const vip = (await api(workspace.agent).get('/api/v1/tickets?tag=vip&sort=created_asc')).json() as TicketPage;
    expect(vip.items.map((item) => item.number)).toEqual([1, 2, 3]);
  });

  it('merges a ticket into another and splits a message back out', async () => {
    const first = await buildTicket(rapport.deps, shop.agent.actor, { customer: { email: 'sam@example.test' } });
    const second = await buildTicket(rapport.deps, shop.agent.actor, { customer: { email: 'sam@example.test' }, tags: ['refund'] });
    const merged = await api(shop.agent).post(`/api/v1/tickets/${second.number}/merge`, { intoTicketId: first.id });
    expect(merged.statusCode).toBe(200);
    const survivor = merged.json() as TicketDetail;
    expect(survivor.messages).toHaveLength(2);
    expect(survivor.tags).toContain('refund');
    const source = (await api(shop.agent).get(`/api/v1/tickets/${second.number}`)).json() as TicketDetail;
    expect(source).toMatchObject({ status: 'closed', mergedIntoId: first.id, messages: [] });
    const again = await api(shop.agent).post(`/api/v1/tickets/${second.number}/merge`, { intoTicketId: first.id });
    expect(again.json()).toMatchObject({ error: { code: 'MERGE_INVALID' } });
    const movedMessage = survivor.messages[1];
    if (!movedMessage) throw new Error('expected a second message');
    const split = await api(shop.agent).post(`/api/v1/tickets/${first.number}/messages/${movedMessage.id}/split`, { subject: 'Refund question' });
    expect(split.statusCode).toBe(201);
    expect(split.json()).toMatchObject({ subject: 'Refund question', messages: [{ id: movedMessage.id }] });
    const firstMessage = survivor.messages[0];
    if (!firstMessage) throw new Error('expected a first message');
    const invalid = await api(shop.agent).post(`/api/v1/tickets/${first.number}/messages/${firstMessage.id}/split`, {});
    expect(invalid.json()).toMatchObject({ error: { code: 'SPLIT_INVALID' } });
  });

  it('answers 404 for another workspace\'s ticket, by number and by id', async () => {
    const ticket = await buildTicket(rapport.deps, other.agent.actor);
    const byId = await api(shop.agent).get(`/api/v1/tickets/${ticket.id}`);
    expect(byId.statusCode).toBe(404);
    expect(byId.json()).toMatchObject({ error: { code: 'TICKET_NOT_FOUND' } });
    const update = await api(shop.admin).patch(`/api/v1/tickets/${ticket.id}`, { status: 'solved' });
    expect(update.statusCode).toBe(404);
    const assignElsewhere = await api(shop.agent).patch(`/api/v1/tickets/${(await buildTicket(rapport.deps, shop.agent.actor)).id}`, { assigneeId: other.agent.id });
    expect(assignElsewhere.json()).toMatchObject({ error: { code: 'USER_NOT_FOUND' } });
  });

  it('replays a create with the same Idempotency-Key instead of creating twice', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const body = { subject: 'Double click', text: 'Sent twice', customer: { email: 'twice@example.test' } };
    const first = await api(workspace.agent).post('/api/v1/tickets', body, { 'idempotency-key': 'create-12345678' });
    const second = await api(workspace.agent).post('/api/v1/tickets', body, { 'idempotency-key': 'create-12345678' });
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect((second.json() as TicketDetail).id).toBe((first.json() as TicketDetail).id);
    const changed = await api(workspace.agent).post('/api/v1/tickets', { ...body, subject: 'Other' }, { 'idempotency-key': 'create-12345678' });
    expect(changed.json()).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    const page = (await api(workspace.agent).get('/api/v1/tickets')).json() as TicketPage;
    expect(page.items).toHaveLength(1);
    // The same key on another route or another ticket is a different request, never a replay.
    const ticket = first.json() as TicketDetail;
    const note = await api(workspace.agent).post(`/api/v1/tickets/${ticket.number}/notes`, { text: 'Sent twice' }, { 'idempotency-key': 'create-12345678' });
    expect(note.statusCode).toBe(422);
    expect(note.json()).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REUSED' } });
  });
});
