import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerDto, CustomerPage, OrganisationDto } from '@rapport/contracts/people';
import { buildTicket, buildWorkspace, type Member, type WorkspaceFixture } from '../../../../../tests/support/factories.ts';
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

async function auditOf(workspaceId: string, subjectId: string) {
  return rapport.database.query<{ action: string; actor_id: string | null; data: Record<string, unknown> }>(
    'select action, actor_id, data from audit_log where workspace_id = $1 and subject_id = $2 order by id',
    [workspaceId, subjectId],
  );
}

async function createOrganisation(member: Member, name: string): Promise<OrganisationDto> {
  const response = await api(member).post('/api/v1/organisations', { name });
  expect(response.statusCode).toBe(201);
  return response.json() as OrganisationDto;
}

describe('customers API', () => {
  it('creates a customer with identities and an organisation, and reads it back', async () => {
    const organisation = await createOrganisation(shop.agent, 'Bean Roasters Ltd');
    const response = await api(shop.agent).post('/api/v1/customers', {
      name: 'Ada Brewer',
      tier: 'priority',
      language: 'en',
      organisationId: organisation.id,
      identities: [
        { kind: 'email', value: 'Ada@Example.TEST' },
        { kind: 'phone', value: '+44 20 7946 0000' },
        { kind: 'email', value: 'ada@example.test' },
      ],
    });
    expect(response.statusCode).toBe(201);
    const customer = response.json() as CustomerDto;
    expect(customer).toMatchObject({ name: 'Ada Brewer', tier: 'priority', language: 'en', organisation: { id: organisation.id, name: 'Bean Roasters Ltd' } });
    expect(customer.identities).toEqual([
      { kind: 'email', value: 'ada@example.test' },
      { kind: 'phone', value: '+44 20 7946 0000' },
    ]);
    const read = await api(shop.lead).get(`/api/v1/customers/${customer.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(customer);
    const audit = await auditOf(shop.id, customer.id);
    expect(audit).toEqual([expect.objectContaining({ action: 'customer.created', actor_id: shop.agent.id })]);
  });

  it('refuses an identity another customer of the workspace already has, and writes nothing', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const first = await api(workspace.agent).post('/api/v1/customers', { name: 'Kim', identities: [{ kind: 'email', value: 'kim@example.test' }] });
    expect(first.statusCode).toBe(201);
    const clash = await api(workspace.agent).post('/api/v1/customers', {
      name: 'Kim again',
      identities: [{ kind: 'phone', value: '555-0100' }, { kind: 'email', value: 'KIM@example.test' }],
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.json()).toMatchObject({ error: { code: 'EMAIL_TAKEN', details: { identities: [{ kind: 'email', value: 'kim@example.test' }] } } });
    const page = (await api(workspace.agent).get('/api/v1/customers')).json() as CustomerPage;
    expect(page.items.map((item) => item.name)).toEqual(['Kim']);
    const phone = await rapport.database.query('select 1 from customer_identities where workspace_id = $1 and value = $2', [workspace.id, '555-0100']);
    expect(phone).toHaveLength(0);
    // Another workspace may have a customer with the same address.
    const elsewhere = await api(other.agent).post('/api/v1/customers', { name: 'Kim', identities: [{ kind: 'email', value: 'kim@example.test' }] });
    expect(elsewhere.statusCode).toBe(201);
  });

  it('rejects a malformed email identity and an organisation of another workspace', async () => {
    const badEmail = await api(shop.agent).post('/api/v1/customers', { name: 'Nope', identities: [{ kind: 'email', value: 'not-an-email' }] });
    expect(badEmail.statusCode).toBe(400);
    expect(badEmail.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    const foreign = await createOrganisation(other.agent, 'Foreign Org');
    const response = await api(shop.agent).post('/api/v1/customers', {
      name: 'Mixed up',
      organisationId: foreign.id,
      identities: [{ kind: 'email', value: 'mixed@example.test' }],
    });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'ORGANISATION_NOT_FOUND' } });
  });

  it('updates name, tier, language and organisation with an audit row of the changes', async () => {
    const created = (await api(shop.agent).post('/api/v1/customers', { name: 'Lee', identities: [{ kind: 'chat', value: 'chat-lee-1' }] })).json() as CustomerDto;
    const organisation = await createOrganisation(shop.agent, 'Lee & Co');
    const patched = await api(shop.agent).patch(`/api/v1/customers/${created.id}`, { name: 'Lee Park', tier: 'enterprise', organisationId: organisation.id });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ name: 'Lee Park', tier: 'enterprise', organisation: { id: organisation.id }, identities: [{ kind: 'chat', value: 'chat-lee-1' }] });
    const cleared = await api(shop.agent).patch(`/api/v1/customers/${created.id}`, { organisationId: null, language: 'de' });
    expect(cleared.json()).toMatchObject({ organisation: null, language: 'de', name: 'Lee Park' });
    const audit = await auditOf(shop.id, created.id);
    expect(audit.map((row) => row.action)).toEqual(['customer.created', 'customer.updated', 'customer.updated']);
    expect(audit[1]?.data).toEqual({
      changes: {
        name: { from: 'Lee', to: 'Lee Park' },
        tier: { from: 'standard', to: 'enterprise' },
        organisationId: { from: null, to: organisation.id },
      },
    });
    const foreign = await createOrganisation(other.agent, 'Not yours');
    const refused = await api(shop.agent).patch(`/api/v1/customers/${created.id}`, { organisationId: foreign.id });
    expect(refused.json()).toMatchObject({ error: { code: 'ORGANISATION_NOT_FOUND' } });
  });

  it('searches by part of a name or identity and pages newest first without gaps', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const names = ['Alma Ortiz', 'Bruno Diaz', 'Carla Ortega', 'Dmitri Ivanov', 'Eve Stone'];
    for (const [index, name] of names.entries()) {
      const response = await api(workspace.agent).post('/api/v1/customers', {
        name,
        identities: [{ kind: 'email', value: `${name.split(' ')[0]?.toLowerCase()}@${index % 2 === 0 ? 'ortiz-family' : 'mail'}.test` }],
      });
      expect(response.statusCode).toBe(201);
    }
    const seen: CustomerDto[] = [];
    let cursor: string | null = null;
    do {
      const response = await api(workspace.agent).get(`/api/v1/customers?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.statusCode).toBe(200);
      const page = response.json() as CustomerPage;
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.map((item) => item.name).sort()).toEqual(names);
    const createdTimes = seen.map((item) => Date.parse(item.createdAt));
    expect(createdTimes).toEqual([...createdTimes].sort((left, right) => right - left));
    const byName = (await api(workspace.agent).get('/api/v1/customers?q=ORT')).json() as CustomerPage;
    expect(byName.items.map((item) => item.name).sort()).toEqual(['Alma Ortiz', 'Carla Ortega', 'Eve Stone']);
    const byEmail = (await api(workspace.agent).get('/api/v1/customers?q=bruno%40mail')).json() as CustomerPage;
    expect(byEmail.items.map((item) => item.name)).toEqual(['Bruno Diaz']);
    const wildcard = (await api(workspace.agent).get('/api/v1/customers?q=%25')).json() as CustomerPage;
    expect(wildcard.items).toEqual([]);
    const badCursor = await api(workspace.agent).get('/api/v1/customers?cursor=nonsense');
    expect(badCursor.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });

  it("answers 404 for another workspace's customer and never lists it", async () => {
    const ticket = await buildTicket(rapport.deps, other.agent.actor, { customer: { email: 'secret@example.test', name: 'Secret Customer' } });
    const read = await api(shop.admin).get(`/api/v1/customers/${ticket.customer.id}`);
    expect(read.statusCode).toBe(404);
    expect(read.json()).toMatchObject({ error: { code: 'CUSTOMER_NOT_FOUND' } });
    const update = await api(shop.admin).patch(`/api/v1/customers/${ticket.customer.id}`, { name: 'Hijacked' });
    expect(update.statusCode).toBe(404);
    const search = (await api(shop.admin).get('/api/v1/customers?q=secret')).json() as CustomerPage;
    expect(search.items).toEqual([]);
    const untouched = (await api(other.agent).get(`/api/v1/customers/${ticket.customer.id}`)).json() as CustomerDto;
    expect(untouched.name).toBe('Secret Customer');
  });

  it('replays a create with the same Idempotency-Key', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const body = { name: 'Twice', identities: [{ kind: 'email', value: 'twice@example.test' }] };
    const first = await api(workspace.agent).post('/api/v1/customers', body, { 'idempotency-key': 'customer-create-1' });
    const second = await api(workspace.agent).post('/api/v1/customers', body, { 'idempotency-key': 'customer-create-1' });
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect((second.json() as CustomerDto).id).toBe((first.json() as CustomerDto).id);
  });
});
