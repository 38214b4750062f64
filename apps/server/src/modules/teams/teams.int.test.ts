import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TeamDto, TeamList, UserDto, UserPage } from '@rapport/contracts/people';
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

describe('team members', () => {
  const newTeam = async (name: string) => (await api(shop.lead).post('/api/v1/teams', { name: `${name} ${Date.now().toString(36)}` })).json() as TeamDto;
  const setMembers = (member: Member, teamId: string, userIds: string[]) => api(member).put(`/api/v1/teams/${teamId}/members`, { userIds });
  const listed = async (teamId: string) => ((await api(shop.agent).get('/api/v1/teams')).json() as TeamList).items.find((team) => team.id === teamId);
  const teamIdsOf = async (userId: string) => ((await api(shop.admin).get('/api/v1/users?limit=100')).json() as UserPage).items.find((user) => user.id === userId)?.teamIds;
  const newMember = async (name: string) =>
    (await api(shop.admin).post('/api/v1/users', { name, email: `${name.toLowerCase()}-${Date.now().toString(36)}@example.test`, role: 'agent', password: 'a long enough password' })).json() as UserDto;

  it('sets the members, lists them by name on the team and the team on each user, and audits the change', async () => {
    const team = await newTeam('Tier 1');
    expect(team.members).toEqual([]);
    const response = await setMembers(shop.lead, team.id, [shop.lead.id, shop.agent.id, shop.agent.id]);
    expect(response.statusCode).toBe(200);
    const memberIds = (response.json() as TeamDto).members.map((member) => member.id);
    expect(memberIds).toEqual([shop.agent.id, shop.lead.id]); // "Agent …" before "Lead …"
    expect((await listed(team.id))?.members.map((member) => member.id)).toEqual([shop.agent.id, shop.lead.id]);
    expect(await teamIdsOf(shop.agent.id)).toContain(team.id);
    expect(((await api(shop.admin).get(`/api/v1/users/${shop.lead.id}`)).json() as UserDto).teamIds).toContain(team.id);
    const audit = await rapport.database.query<{ action: string; data: { added: string[]; removed: string[] } }>(
      "select action, data from audit_log where workspace_id = $1 and subject_id = $2 and action = 'team.members_changed'",
      [shop.id, team.id],
    );
    expect(audit).toHaveLength(1);
    expect([...(audit[0]?.data.added ?? [])].sort()).toEqual([shop.agent.id, shop.lead.id].sort());
  });

  it('replaces the set, and an unchanged set writes no audit row', async () => {
    const team = await newTeam('Tier 2');
    await setMembers(shop.admin, team.id, [shop.agent.id, shop.lead.id]);
    const replaced = await setMembers(shop.admin, team.id, [shop.admin.id, shop.lead.id]);
    expect(replaced.statusCode).toBe(200);
    expect((replaced.json() as TeamDto).members.map((member) => member.id)).toEqual([shop.admin.id, shop.lead.id]);
    expect(await teamIdsOf(shop.agent.id)).not.toContain(team.id);
    expect((await setMembers(shop.admin, team.id, [shop.lead.id, shop.admin.id])).statusCode).toBe(200);
    const emptied = await setMembers(shop.admin, team.id, []);
    expect((emptied.json() as TeamDto).members).toEqual([]);
    const audit = await rapport.database.query("select 1 from audit_log where workspace_id = $1 and subject_id = $2 and action = 'team.members_changed'", [shop.id, team.id]);
    expect(audit).toHaveLength(3);
  });

  it('refuses a user of another workspace and a deactivated member with USER_NOT_FOUND, changing nothing', async () => {
    const team = await newTeam('Tier 3');
    await setMembers(shop.lead, team.id, [shop.agent.id]);
    const foreign = await setMembers(shop.lead, team.id, [shop.lead.id, other.agent.id]);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toMatchObject({ error: { code: 'USER_NOT_FOUND', details: { field: 'userIds', ids: [other.agent.id] } } });
    const leaver = await newMember('Leaver');
    expect((await api(shop.admin).patch(`/api/v1/users/${leaver.id}`, { isActive: false })).statusCode).toBe(200);
    const inactive = await setMembers(shop.lead, team.id, [leaver.id]);
    expect(inactive.statusCode).toBe(404);
    expect(inactive.json()).toMatchObject({ error: { code: 'USER_NOT_FOUND', details: { ids: [leaver.id] } } });
    expect((await listed(team.id))?.members.map((member) => member.id)).toEqual([shop.agent.id]);
  });

  it("denies agents, and answers TEAM_NOT_FOUND for another workspace's team", async () => {
    const team = await newTeam('Tier 4');
    const denied = await setMembers(shop.agent, team.id, [shop.agent.id]);
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    const foreignTeam = await setMembers(other.lead, team.id, [other.agent.id]);
    expect(foreignTeam.statusCode).toBe(404);
    expect(foreignTeam.json()).toMatchObject({ error: { code: 'TEAM_NOT_FOUND' } });
    expect((await listed(team.id))?.members).toEqual([]);
  });

  it('drops the memberships with the team, and the team memberships of someone who leaves the workspace', async () => {
    const doomed = await newTeam('Doomed');
    const kept = await newTeam('Kept');
    const leaver = await newMember('Departing');
    await setMembers(shop.lead, doomed.id, [shop.agent.id]);
    await setMembers(shop.lead, kept.id, [shop.agent.id, leaver.id]);
    expect((await api(shop.lead).delete(`/api/v1/teams/${doomed.id}`)).statusCode).toBe(200);
    const rows = await rapport.database.query('select 1 from team_members where workspace_id = $1 and team_id = $2', [shop.id, doomed.id]);
    expect(rows).toEqual([]);
    expect(await teamIdsOf(shop.agent.id)).not.toContain(doomed.id);
    await rapport.database.query('delete from memberships where workspace_id = $1 and user_id = $2', [shop.id, leaver.id]);
    expect((await listed(kept.id))?.members.map((member) => member.id)).toEqual([shop.agent.id]);
  });
});

