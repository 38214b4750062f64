import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerDto, CustomerPage } from '@rapport/contracts/people';
import type { TicketDetail, TicketPage } from '@rapport/contracts/tickets';
import { buildTicket, type Member, type WorkspaceFixture } from '../../../../../tests/support/factories.ts';
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

const api = (member: Member) => apiAs(rapport, member);
let sequence = 0;

async function ticketFor(member: Member, name: string, email: string, channel: 'email' | 'chat' = 'email'): Promise<TicketDetail> {
  sequence += 1;
  return buildTicket(rapport.deps, member.actor, { subject: `Question ${sequence}`, text: `Hello from ${name}`, customer: { email, name }, channel });
}

describe('merging duplicate customers', () => {
  it("moves the duplicate's resolution actions to the survivor, so its history counts them", async () => {
    const tag = `r${Date.now().toString(36)}`;
    const survivorTicket = await ticketFor(shop.agent, `Ola ${tag}`, `ola-${tag}@example.test`);
    const duplicateTicket = await ticketFor(shop.agent, `Ola N ${tag}`, `ola.n-${tag}@work.test`);
    // An admin without a limit row is unlimited: approved at once.
    const given = await api(shop.admin).post(`/api/v1/tickets/${duplicateTicket.id}/resolution-actions`, { action: 'refund', amount: '10.00', currency: 'EUR', reason: 'Scratched on arrival' });
    expect(given.statusCode, given.body).toBe(201);
    const actionId = (given.json() as { id: string }).id;

    const response = await api(shop.agent).post(`/api/v1/customers/${survivorTicket.customer.id}/merge`, { sourceId: duplicateTicket.customer.id });
    expect(response.statusCode, response.body).toBe(200);
    const ledger = await api(shop.admin).get('/api/v1/resolution-ledger?limit=200');
    expect(ledger.statusCode, ledger.body).toBe(200);
    const moved = (ledger.json() as { items: { id: string; customer: { id: string } }[] }).items.find((item) => item.id === actionId);
    expect(moved?.customer.id).toBe(survivorTicket.customer.id);
  });

  it('moves identities, tickets and message authorship to the survivor, hides the duplicate from lists and audits both', async () => {
    const tag = Date.now().toString(36);
    const survivorTicket = await ticketFor(shop.agent, `Maya ${tag}`, `maya-${tag}@example.test`);
    const duplicateTicket = await ticketFor(shop.agent, `Maya R ${tag}`, `maya.r-${tag}@work.test`, 'chat');
    const survivorId = survivorTicket.customer.id;
    const duplicateId = duplicateTicket.customer.id;

    const response = await api(shop.agent).post(`/api/v1/customers/${survivorId}/merge`, { sourceId: duplicateId });
    expect(response.statusCode).toBe(200);
    const merged = response.json() as CustomerDto;
    expect(merged.id).toBe(survivorId);
    expect(merged.identities.map((identity) => identity.value).sort()).toEqual([`maya-${tag}@example.test`, `maya.r-${tag}@work.test`]);

    const tickets = (await api(shop.agent).get(`/api/v1/tickets?customer=${survivorId}&sort=created_asc`)).json() as TicketPage;
    expect(tickets.items.map((ticket) => ticket.id)).toEqual([survivorTicket.id, duplicateTicket.id]);
    const moved = (await api(shop.agent).get(`/api/v1/tickets/${duplicateTicket.id}`)).json() as TicketDetail;
    expect(moved.messages[0]?.author).toMatchObject({ type: 'customer', id: survivorId, name: `Maya ${tag}` });

    const list = (await api(shop.agent).get(`/api/v1/customers?q=${tag}`)).json() as CustomerPage;
    expect(list.items.map((customer) => customer.id)).toEqual([survivorId]);
    const rows = await rapport.database.query<{ merged_into_id: string | null }>('select merged_into_id from customers where id = $1', [duplicateId]);
    expect(rows[0]?.merged_into_id).toBe(survivorId);

    const audit = await rapport.database.query<{ action: string; subject_id: string; actor_id: string; data: Record<string, unknown> }>(
      "select action, subject_id, actor_id, data from audit_log where workspace_id = $1 and action like 'customer.merged%' and subject_id in ($2, $3) order by id",
      [shop.id, survivorId, duplicateId],
    );
    expect(audit.map((row) => [row.action, row.subject_id])).toEqual([
      ['customer.merged_into', survivorId],
      ['customer.merged_away', duplicateId],
    ]);
    expect(audit[0]?.actor_id).toBe(shop.agent.id);
    expect(audit[0]?.data).toMatchObject({ sourceId: duplicateId, targetId: survivorId, moved: { identities: 1, tickets: 1, messages: 1 } });

    // A new email from the duplicate's address now lands on the survivor.
    const again = await api(shop.agent).post('/api/v1/tickets', { subject: 'Again', text: 'Me again', customer: { email: `maya.r-${tag}@work.test` } });
    expect((again.json() as TicketDetail).customer.id).toBe(survivorId);
  });

  it('refuses a self-merge, a duplicate merged already, and ids of another workspace, changing nothing', async () => {
    const tag = Date.now().toString(36);
    const a = (await ticketFor(shop.agent, 'Ana', `ana-${tag}@example.test`)).customer.id;
    const b = (await ticketFor(shop.agent, 'Ben', `ben-${tag}@example.test`)).customer.id;
    const c = (await ticketFor(shop.agent, 'Cy', `cy-${tag}@example.test`)).customer.id;
    const foreign = (await ticketFor(other.agent, 'Foreign', `foreign-${tag}@example.test`)).customer.id;

    const self = await api(shop.agent).post(`/api/v1/customers/${a}/merge`, { sourceId: a });
    expect(self.statusCode).toBe(422);
    expect(self.json()).toMatchObject({ error: { code: 'MERGE_INVALID' } });

    const foreignSource = await api(shop.agent).post(`/api/v1/customers/${a}/merge`, { sourceId: foreign });
    expect(foreignSource.statusCode).toBe(404);
    expect(foreignSource.json()).toMatchObject({ error: { code: 'CUSTOMER_NOT_FOUND', details: { id: foreign } } });
    const foreignTarget = await api(shop.agent).post(`/api/v1/customers/${foreign}/merge`, { sourceId: a });
    expect(foreignTarget.statusCode).toBe(404);
    const foreignRows = await rapport.database.query<{ merged_into_id: string | null }>('select merged_into_id from customers where id in ($1, $2)', [a, foreign]);
    expect(foreignRows.map((row) => row.merged_into_id)).toEqual([null, null]);
    const foreignIdentity = await rapport.database.query<{ customer_id: string }>('select customer_id from customer_identities where value = $1', [`foreign-${tag}@example.test`]);
    expect(foreignIdentity[0]?.customer_id).toBe(foreign);

    expect((await api(shop.agent).post(`/api/v1/customers/${a}/merge`, { sourceId: b })).statusCode).toBe(200);
    const twice = await api(shop.agent).post(`/api/v1/customers/${c}/merge`, { sourceId: b });
    expect(twice.statusCode).toBe(422);
    expect(twice.json()).toMatchObject({ error: { code: 'MERGE_INVALID' } });
    const intoMerged = await api(shop.agent).post(`/api/v1/customers/${b}/merge`, { sourceId: c });
    expect(intoMerged.statusCode).toBe(422);
    const cTickets = (await api(shop.agent).get(`/api/v1/tickets?customer=${c}`)).json() as TicketPage;
    expect(cTickets.items).toHaveLength(1);
  });

  it('needs customer.write and a body naming the duplicate', async () => {
    const a = (await ticketFor(shop.agent, 'Dee', `dee-${Date.now().toString(36)}@example.test`)).customer.id;
    const missing = await api(shop.agent).post(`/api/v1/customers/${a}/merge`, {});
    expect(missing.statusCode).toBe(400);
    const anonymous = await rapport.app?.inject({ method: 'POST', url: `/api/v1/customers/${a}/merge`, payload: { sourceId: a } });
    expect(anonymous?.statusCode).toBe(401);
  });
});
