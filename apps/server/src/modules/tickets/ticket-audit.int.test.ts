import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketAuditPage } from '@rapport/contracts/ticket-audit';
import type { TicketDetail } from '@rapport/contracts/tickets';
import { buildTicket, type WorkspaceFixture } from '../../../../../tests/support/factories.ts';
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

describe('ticket audit trail', () => {
  it('lists every entry newest first with who, what, before and after, and names the people and teams', async () => {
    const ticket = await buildTicket(rapport.deps, shop.agent.actor, { subject: 'Audit me' });
    const team = (await api(shop.admin).post('/api/v1/teams', { name: `Baristas ${Date.now()}` })).json() as { id: string; name: string };
    expect((await api(shop.agent).patch(`/api/v1/tickets/${ticket.number}`, { priority: 'high' })).statusCode).toBe(200);
    expect((await api(shop.lead).patch(`/api/v1/tickets/${ticket.number}`, { assigneeId: shop.agent.id, teamId: team.id })).statusCode).toBe(200);
    expect((await api(shop.agent).post(`/api/v1/tickets/${ticket.number}/notes`, { text: 'Checked the courier' })).statusCode).toBe(201);

    const response = await api(shop.agent).get(`/api/v1/tickets/${ticket.number}/audit`);
    expect(response.statusCode).toBe(200);
    const page = response.json() as TicketAuditPage;
    expect(page.items.map((entry) => entry.action)).toEqual(['ticket.noted', 'ticket.updated', 'ticket.updated', 'ticket.created']);
    const assigned = page.items[1];
    // Through the API with the lead's bearer token: a token actor, named as its member.
    expect(assigned?.actor).toEqual({ type: 'token', id: shop.lead.id, name: `Lead ${shop.slug}` });
    expect(assigned?.data).toMatchObject({ changes: { assigneeId: { from: null, to: shop.agent.id }, teamId: { from: null, to: team.id } } });
    expect(page.items[2]?.data).toEqual({ changes: { priority: { from: 'normal', to: 'high' } } });
    expect(page.names).toMatchObject({ [shop.agent.id]: `Agent ${shop.slug}`, [shop.lead.id]: `Lead ${shop.slug}`, [team.id]: team.name });
    expect(Date.parse(page.items[0]?.at ?? '')).toBeGreaterThanOrEqual(Date.parse(page.items[3]?.at ?? ''));
    expect(page.nextCursor).toBeNull();
  });

  it('pages without gaps or repeats in both orders, and filters to timeline events', async () => {
    const ticket = await buildTicket(rapport.deps, shop.agent.actor);
    for (const priority of ['high', 'low', 'urgent', 'normal'] as const) {
      expect((await api(shop.agent).patch(`/api/v1/tickets/${ticket.id}`, { priority })).statusCode).toBe(200);
    }
    const collect = async (order: 'asc' | 'desc') => {
      const ids: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const response = await api(shop.agent).get(`/api/v1/tickets/${ticket.id}/audit?limit=2&order=${order}${cursor ? `&cursor=${cursor}` : ''}`);
        expect(response.statusCode).toBe(200);
        const page = response.json() as TicketAuditPage;
        expect(page.items.length).toBeLessThanOrEqual(2);
        ids.push(...page.items.map((entry) => entry.id));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor);
      expect(pages).toBe(3);
      return ids;
    };
    const newestFirst = await collect('desc');
    const oldestFirst = await collect('asc');
    expect(newestFirst).toHaveLength(5);
    expect(new Set(newestFirst).size).toBe(5);
    expect(oldestFirst).toEqual([...newestFirst].reverse());

    const events = (await api(shop.agent).get(`/api/v1/tickets/${ticket.id}/audit?only=events&order=asc`)).json() as TicketAuditPage;
    expect(events.items.map((entry) => entry.action)).toEqual(['ticket.updated', 'ticket.updated', 'ticket.updated', 'ticket.updated']);
    expect(events.items.map((entry) => (entry.data['changes'] as { priority: { to: string } }).priority.to)).toEqual(['high', 'low', 'urgent', 'normal']);
  });

  it('records merges and splits on both tickets', async () => {
    const first = await buildTicket(rapport.deps, shop.agent.actor, { subject: 'Merge source' });
    const second = await buildTicket(rapport.deps, shop.agent.actor, { subject: 'Merge target' });
    const reply = await api(shop.agent).post(`/api/v1/tickets/${second.id}/replies`, { text: 'On its way' });
    expect(reply.statusCode).toBe(201);
    expect((await api(shop.agent).post(`/api/v1/tickets/${first.id}/merge`, { intoTicketId: second.id })).statusCode).toBe(200);
    const split = await api(shop.agent).post(`/api/v1/tickets/${second.id}/messages/${(reply.json() as { id: string }).id}/split`, {});
    expect(split.statusCode).toBe(201);
    const created = split.json() as TicketDetail;

    const targetEvents = (await api(shop.agent).get(`/api/v1/tickets/${second.id}/audit?only=events&order=asc`)).json() as TicketAuditPage;
    // The reply opened the new ticket (a status change), then the merge and the split.
    expect(targetEvents.items.map((entry) => entry.action)).toEqual(['ticket.replied', 'ticket.merged_into', 'ticket.message_split_out']);
    expect(targetEvents.items[1]?.data).toMatchObject({ sourceNumber: first.number, targetNumber: second.number });
    expect(targetEvents.items[2]?.data).toMatchObject({ newNumber: created.number, fromNumber: second.number });
    const sourceEvents = (await api(shop.agent).get(`/api/v1/tickets/${first.id}/audit?only=events`)).json() as TicketAuditPage;
    expect(sourceEvents.items.map((entry) => entry.action)).toEqual(['ticket.merged_away']);
    const newEvents = (await api(shop.agent).get(`/api/v1/tickets/${created.number}/audit?only=events`)).json() as TicketAuditPage;
    expect(newEvents.items.map((entry) => entry.action)).toEqual(['ticket.created_by_split']);
  });

  it('counts a reply that set the status as a timeline event, and a plain reply or note not', async () => {
    const ticket = await buildTicket(rapport.deps, shop.agent.actor);
    expect((await api(shop.agent).post(`/api/v1/tickets/${ticket.id}/replies`, { text: 'Looking into it' })).statusCode).toBe(201);
    expect((await api(shop.agent).post(`/api/v1/tickets/${ticket.id}/notes`, { text: 'Courier called' })).statusCode).toBe(201);
    expect((await api(shop.agent).post(`/api/v1/tickets/${ticket.id}/replies`, { text: 'Sorted, thanks!', status: 'solved' })).statusCode).toBe(201);
    const events = (await api(shop.agent).get(`/api/v1/tickets/${ticket.id}/audit?only=events&order=asc`)).json() as TicketAuditPage;
    expect(events.items.map((entry) => [entry.action, entry.data['status']])).toEqual([
      // The first reply to a new ticket opens it: that is a status change too.
      ['ticket.replied', 'open'],
      ['ticket.replied', 'solved'],
    ]);
  });

  it("answers 404 for another workspace's ticket and refuses a malformed cursor", async () => {
    const foreign = await buildTicket(rapport.deps, other.agent.actor);
    const response = await api(shop.admin).get(`/api/v1/tickets/${foreign.id}/audit`);
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'TICKET_NOT_FOUND' } });
    const own = await buildTicket(rapport.deps, shop.agent.actor);
    const bad = await api(shop.agent).get(`/api/v1/tickets/${own.id}/audit?cursor=abc`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });
});
