import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TeamDto, TeamList } from '@rapport/contracts/people';
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

describe('teams API', () => {
  it('lets a lead create teams, lists them by name and audits the creation', async () => {
    const billing = await api(shop.lead).post('/api/v1/teams', { name: 'Billing' });
    expect(billing.statusCode).toBe(201);
    const team = billing.json() as TeamDto;
    expect(team.name).toBe('Billing');
    expect((await api(shop.admin).post('/api/v1/teams', { name: '  Afterhours ' })).json()).toMatchObject({ name: 'Afterhours' });
    const list = (await api(shop.agent).get('/api/v1/teams')).json() as TeamList;
    expect(list.items.map((item) => item.name)).toEqual(['Afterhours', 'Billing']);
    const audit = await rapport.database.query<{ action: string; actor_id: string }>(
      'select action, actor_id from audit_log where workspace_id = $1 and subject_id = $2',
      [shop.id, team.id],
    );
    expect(audit).toEqual([{ action: 'team.created', actor_id: shop.lead.id }]);
  });

  it('refuses a duplicate name in the same workspace with NAME_TAKEN, but not in another', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    expect((await api(workspace.lead).post('/api/v1/teams', { name: 'Returns' })).statusCode).toBe(201);
    const duplicate = await api(workspace.lead).post('/api/v1/teams', { name: 'Returns' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({ error: { code: 'NAME_TAKEN', details: { field: 'name' } } });
    expect((await api(other.lead).post('/api/v1/teams', { name: 'Returns' })).statusCode).toBe(201);
    const list = (await api(workspace.agent).get('/api/v1/teams')).json() as TeamList;
    expect(list.items).toHaveLength(1);
  });

  it('denies team management to agents', async () => {
    const response = await api(shop.agent).post('/api/v1/teams', { name: 'Rogue team' });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });

  it("never lists another workspace's teams, nor lets a ticket use one", async () => {
    const foreign = (await api(other.lead).post('/api/v1/teams', { name: 'Hidden team' })).json() as TeamDto;
    const list = (await api(shop.agent).get('/api/v1/teams')).json() as TeamList;
    expect(list.items.map((item) => item.id)).not.toContain(foreign.id);
    const ticket = await buildTicket(rapport.deps, shop.agent.actor);
    const assign = await api(shop.agent).patch(`/api/v1/tickets/${ticket.id}`, { teamId: foreign.id });
    expect(assign.statusCode).toBe(404);
    expect(assign.json()).toMatchObject({ error: { code: 'TEAM_NOT_FOUND' } });
  });
});
