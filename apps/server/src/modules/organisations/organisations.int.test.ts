import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrganisationDto, OrganisationPage } from '@rapport/contracts/people';
import { buildWorkspace, type Member, type WorkspaceFixture } from '../../../../../tests/support/factories.ts';
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

describe('organisations API', () => {
  it('creates an organisation with normalised domains and audits it', async () => {
    const response = await api(shop.agent).post('/api/v1/organisations', { name: 'Acme Coffee', domains: ['Acme.TEST', '@acme.test', 'acme-coffee.test'] });
    expect(response.statusCode).toBe(201);
    const organisation = response.json() as OrganisationDto;
    expect(organisation).toMatchObject({ name: 'Acme Coffee', domains: ['acme.test', 'acme-coffee.test'] });
    const read = await api(shop.agent).get(`/api/v1/organisations/${organisation.id}`);
    expect(read.json()).toEqual(organisation);
    const audit = await rapport.database.query<{ action: string; actor_id: string }>(
      'select action, actor_id from audit_log where workspace_id = $1 and subject_id = $2',
      [shop.id, organisation.id],
    );
    expect(audit).toEqual([{ action: 'organisation.created', actor_id: shop.agent.id }]);
  });

  it('renames without touching the domains, replaces domains when given, and audits only real changes', async () => {
    const organisation = (await api(shop.agent).post('/api/v1/organisations', { name: 'Grind Co', domains: ['grind.test'] })).json() as OrganisationDto;
    const renamed = await api(shop.agent).patch(`/api/v1/organisations/${organisation.id}`, { name: 'Grind Company' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Grind Company', domains: ['grind.test'] });
    const replaced = await api(shop.agent).patch(`/api/v1/organisations/${organisation.id}`, { domains: ['grind.example'] });
    expect(replaced.json()).toMatchObject({ name: 'Grind Company', domains: ['grind.example'] });
    const unchanged = await api(shop.agent).patch(`/api/v1/organisations/${organisation.id}`, { name: 'Grind Company' });
    expect(unchanged.statusCode).toBe(200);
    const audit = await rapport.database.query<{ action: string }>(
      'select action from audit_log where workspace_id = $1 and subject_id = $2 order by id',
      [shop.id, organisation.id],
    );
    expect(audit.map((row) => row.action)).toEqual(['organisation.created', 'organisation.updated', 'organisation.updated']);
    const unknownField = await api(shop.agent).patch(`/api/v1/organisations/${organisation.id}`, { colour: 'red' });
    expect(unknownField.json()).toMatchObject({ error: { code: 'UNKNOWN_FIELD' } });
  });

  it('pages alphabetically with a cursor', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    for (const name of ['Delta', 'Alpha', 'Echo', 'Charlie', 'Bravo']) {
      expect((await api(workspace.agent).post('/api/v1/organisations', { name })).statusCode).toBe(201);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await api(workspace.agent).get(`/api/v1/organisations?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json() as OrganisationPage;
      seen.push(...page.items.map((item) => item.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo']);
  });

  it("answers 404 for another workspace's organisation and does not list it", async () => {
    const foreign = (await api(other.agent).post('/api/v1/organisations', { name: 'Hidden Org' })).json() as OrganisationDto;
    const read = await api(shop.admin).get(`/api/v1/organisations/${foreign.id}`);
    expect(read.statusCode).toBe(404);
    expect(read.json()).toMatchObject({ error: { code: 'ORGANISATION_NOT_FOUND' } });
    const update = await api(shop.admin).patch(`/api/v1/organisations/${foreign.id}`, { name: 'Taken over' });
    expect(update.statusCode).toBe(404);
    const page = (await api(shop.admin).get('/api/v1/organisations?limit=200')).json() as OrganisationPage;
    expect(page.items.map((item) => item.id)).not.toContain(foreign.id);
    expect(((await api(other.agent).get(`/api/v1/organisations/${foreign.id}`)).json() as OrganisationDto).name).toBe('Hidden Org');
  });
});
