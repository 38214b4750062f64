import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserDto, UserPage } from '@rapport/contracts/people';
import { buildWorkspace, signInSession, testPassword, type Member, type WorkspaceFixture } from '../../../../../tests/support/factories.ts';
import { apiAs, startWithTwoWorkspaces } from '../../../../../tests/support/api-client.ts';
import { type TestRapport } from '../../../../../tests/support/rapport.ts';
import { updateUser } from './update-user.ts';

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

async function auditActions(workspaceId: string, subjectId: string) {
  const rows = await rapport.database.query<{ action: string; actor_id: string | null }>(
    'select action, actor_id from audit_log where workspace_id = $1 and subject_id = $2 order by id',
    [workspaceId, subjectId],
  );
  return rows;
}

describe('users API', () => {
  it('lets an admin add a member who can then sign in; a second add answers EMAIL_TAKEN', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const email = `new-agent-${workspace.slug}@example.test`;
    const response = await api(workspace.admin).post('/api/v1/users', { name: 'Nora New', email: email.toUpperCase(), role: 'agent', password: 'a long enough password', languages: ['en', 'fr'] });
    expect(response.statusCode).toBe(201);
    const user = response.json() as UserDto;
    expect(user).toMatchObject({ name: 'Nora New', email, role: 'agent', languages: ['en', 'fr'], isActive: true });
    await signInSession(rapport.app ?? fail(), email, 'a long enough password');
    const again = await api(workspace.admin).post('/api/v1/users', { name: 'Nora', email, role: 'lead', password: 'another long password' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'EMAIL_TAKEN' } });
    const audit = await auditActions(workspace.id, user.id);
    expect(audit).toContainEqual({ action: 'user.created', actor_id: workspace.admin.id });
  });

  it('adds an existing login of another workspace as a member here, keeping their password', async () => {
    const response = await api(shop.admin).post('/api/v1/users', { name: 'Ignored', email: other.lead.email, role: 'agent', password: 'whatever password' });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ id: other.lead.id, email: other.lead.email, role: 'agent' });
    // The login now belongs to two workspaces; its original password still signs in (signInSession throws otherwise).
    const session = await signInSession(rapport.app ?? fail(), other.lead.email, testPassword);
    expect(session.cookie).toMatch(/^rapport_session=/);
  });

  it('denies member management to agents and leads', async () => {
    for (const member of [shop.agent, shop.lead]) {
      const create = await api(member).post('/api/v1/users', { name: 'X', email: `x-${member.role}@example.test`, role: 'admin', password: 'a long enough password' });
      expect(create.statusCode).toBe(403);
      expect(create.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
      const promote = await api(member).patch(`/api/v1/users/${member.id}`, { role: 'admin' });
      expect(promote.statusCode).toBe(403);
    }
    expect((await api(shop.agent).get('/api/v1/users')).statusCode).toBe(200);
  });

  it('lists every member, active and inactive, by name with a cursor', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    await api(workspace.admin).patch(`/api/v1/users/${workspace.agent.id}`, { isActive: false });
    const seen: UserDto[] = [];
    let cursor: string | null = null;
    do {
      const page = (await api(workspace.lead).get(`/api/v1/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json() as UserPage;
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.map((user) => user.role)).toEqual(['admin', 'agent', 'lead']);
    expect(seen.find((user) => user.id === workspace.agent.id)?.isActive).toBe(false);
  });

  it('changes role, name and languages with an audit row', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const response = await api(workspace.admin).patch(`/api/v1/users/${workspace.agent.id}`, { role: 'lead', name: 'Agent Promoted', languages: ['de'] });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: workspace.agent.id, role: 'lead', name: 'Agent Promoted', languages: ['de'], isActive: true });
    expect((await api(workspace.agent).get(`/api/v1/users/${workspace.agent.id}`)).json()).toMatchObject({ role: 'lead' });
    const audit = await auditActions(workspace.id, workspace.agent.id);
    expect(audit.at(-1)).toEqual({ action: 'user.updated', actor_id: workspace.admin.id });
  });

  it('deactivating a member deletes their sessions here and stops their API token', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const app = rapport.app ?? fail();
    const session = await signInSession(app, workspace.agent.email);
    expect((await app.inject({ method: 'GET', url: '/api/v1/users', headers: { cookie: session.cookie } })).statusCode).toBe(200);
    const response = await api(workspace.admin).patch(`/api/v1/users/${workspace.agent.id}`, { isActive: false });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ isActive: false });
    const sessions = await rapport.database.query('select 1 from sessions where workspace_id = $1 and user_id = $2', [workspace.id, workspace.agent.id]);
    expect(sessions).toHaveLength(0);
    expect((await app.inject({ method: 'GET', url: '/api/v1/users', headers: { cookie: session.cookie } })).statusCode).toBe(401);
    expect((await api(workspace.agent).get('/api/v1/users')).statusCode).toBe(401);
    const audit = await auditActions(workspace.id, workspace.agent.id);
    expect(audit.at(-1)).toEqual({ action: 'user.deactivated', actor_id: workspace.admin.id });
  });

  it('refuses to demote or deactivate the last active admin, but allows it once there is another', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const demote = await api(workspace.admin).patch(`/api/v1/users/${workspace.admin.id}`, { role: 'lead' });
    expect(demote.statusCode).toBe(422);
    expect(demote.json()).toMatchObject({ error: { code: 'LAST_ADMIN' } });
    const deactivate = await api(workspace.admin).patch(`/api/v1/users/${workspace.admin.id}`, { isActive: false });
    expect(deactivate.json()).toMatchObject({ error: { code: 'LAST_ADMIN' } });
    // Renaming the last admin is fine.
    expect((await api(workspace.admin).patch(`/api/v1/users/${workspace.admin.id}`, { name: 'Still Admin' })).statusCode).toBe(200);
    expect((await api(workspace.admin).patch(`/api/v1/users/${workspace.lead.id}`, { role: 'admin' })).statusCode).toBe(200);
    const demoted = await api(workspace.admin).patch(`/api/v1/users/${workspace.admin.id}`, { role: 'agent' });
    expect(demoted.statusCode).toBe(200);
    // Two admins demoting each other at once (through the use case, so neither request is stopped
    // by the permission hook first): the admin rows are locked, so exactly one may win per workspace.
    const rounds = await Promise.all(Array.from({ length: 4 }, () => buildWorkspace(rapport.deps)));
    for (const round of rounds) await api(round.admin).patch(`/api/v1/users/${round.lead.id}`, { role: 'admin' });
    // Warm the pool so both transactions of a round start together rather than one waiting for a connection.
    await Promise.all(Array.from({ length: 8 }, () => rapport.database.query('select 1')));
    const outcomes = await Promise.all(
      rounds.map((round) =>
        Promise.allSettled([
          updateUser(rapport.deps, round.admin.actor, round.lead.id, { role: 'agent' }),
          updateUser(rapport.deps, { ...round.lead.actor, role: 'admin' }, round.admin.id, { role: 'agent' }),
        ]),
      ),
    );
    for (const [index, round] of outcomes.entries()) {
      expect(round.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      expect(round.find((outcome) => outcome.status === 'rejected')?.reason).toMatchObject({ code: 'LAST_ADMIN' });
      const admins = await rapport.database.query("select 1 from memberships where workspace_id = $1 and role = 'admin' and is_active", [rounds[index]?.id]);
      expect(admins).toHaveLength(1);
    }
  });

  it("answers 404 for a member of another workspace", async () => {
    const read = await api(shop.admin).get(`/api/v1/users/${other.agent.id}`);
    expect(read.statusCode).toBe(404);
    expect(read.json()).toMatchObject({ error: { code: 'USER_NOT_FOUND' } });
    const update = await api(shop.admin).patch(`/api/v1/users/${other.agent.id}`, { isActive: false, name: 'Renamed' });
    expect(update.statusCode).toBe(404);
    expect((await api(other.admin).get(`/api/v1/users/${other.agent.id}`)).json()).toMatchObject({ isActive: true, name: expect.not.stringMatching('Renamed') });
    const page = (await api(shop.admin).get('/api/v1/users?limit=200')).json() as UserPage;
    expect(page.items.map((user) => user.id)).not.toContain(other.agent.id);
  });
});

function fail(): never {
  throw new Error('the test server has no app');
}
