import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ViewDto, ViewList } from '@rapport/contracts/catalogue';
import { buildWorkspace, type Member, type WorkspaceFixture } from '../../../../../tests/support/factories.ts';
import { apiAs } from '../../../../../tests/support/api-client.ts';
import { startTestRapport, type TestRapport } from '../../../../../tests/support/rapport.ts';

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

async function listViews(member: Member): Promise<ViewDto[]> {
  const response = await api(member).get('/api/v1/views');
  expect(response.statusCode).toBe(200);
  return (response.json() as ViewList).items;
}

async function createView(member: Member, body: object): Promise<ViewDto> {
  const response = await api(member).post('/api/v1/views', body);
  expect(response.statusCode).toBe(201);
  return response.json() as ViewDto;
}

describe('views API', () => {
  it('lists built-in views first in their order, then shared and own views by name; never others\' private ones', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const mine = await createView(workspace.agent, { name: 'My urgent', filters: { priority: 'urgent,high', assignee: 'me' } });
    expect(mine).toMatchObject({ name: 'My urgent', isShared: false, isBuiltIn: false, ownerId: workspace.agent.id, filters: { priority: ['urgent', 'high'], assignee: 'me' } });
    await createView(workspace.lead, { name: 'Billing queue', filters: { tag: 'billing' }, isShared: true });
    await createView(workspace.lead, { name: 'Lead private', filters: { status: 'pending' } });
    const names = (await listViews(workspace.agent)).map((view) => view.name);
    expect(names).toEqual(['Mine', 'Unassigned', 'All open', 'Pending', 'Solved', 'Billing queue', 'My urgent']);
    expect((await listViews(workspace.lead)).map((view) => view.name)).toContain('Lead private');
    expect((await listViews(workspace.admin)).map((view) => view.name)).not.toContain('Lead private');
    const audit = await rapport.database.query<{ action: string; actor_id: string }>(
      'select action, actor_id from audit_log where workspace_id = $1 and subject_id = $2',
      [workspace.id, mine.id],
    );
    expect(audit).toEqual([{ action: 'view.created', actor_id: workspace.agent.id }]);
  });

  it('lets only leads and admins share a view', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const shared = await api(workspace.agent).post('/api/v1/views', { name: 'For everyone', filters: {}, isShared: true });
    expect(shared.statusCode).toBe(403);
    expect(shared.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    const own = await createView(workspace.agent, { name: 'Just me', filters: {} });
    const share = await api(workspace.agent).patch(`/api/v1/views/${own.id}`, { isShared: true });
    expect(share.statusCode).toBe(403);
    expect((await listViews(workspace.lead)).map((view) => view.name)).not.toContain('Just me');
    expect((await api(workspace.admin).post('/api/v1/views', { name: 'Team view', filters: {}, isShared: true })).statusCode).toBe(201);
  });

  it('lets the owner change and delete a private view, keeping unspecified fields, with audit rows', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const view = await createView(workspace.agent, { name: 'Draft', filters: { status: 'open' } });
    const renamed = await api(workspace.agent).patch(`/api/v1/views/${view.id}`, { name: 'Open ones' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Open ones', filters: { status: ['open'] }, isShared: false });
    const refiltered = await api(workspace.agent).patch(`/api/v1/views/${view.id}`, { filters: { status: 'pending', sort: 'created_asc' } });
    expect(refiltered.json()).toMatchObject({ name: 'Open ones', filters: { status: ['pending'], sort: 'created_asc' } });
    const deleted = await api(workspace.agent).delete(`/api/v1/views/${view.id}`);
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json()).toEqual({ ok: true });
    expect((await listViews(workspace.agent)).map((item) => item.id)).not.toContain(view.id);
    const audit = await rapport.database.query<{ action: string }>('select action from audit_log where workspace_id = $1 and subject_id = $2 order by id', [workspace.id, view.id]);
    expect(audit.map((row) => row.action)).toEqual(['view.created', 'view.updated', 'view.updated', 'view.deleted']);
  });

  it("hides another user's private view (404), even from an admin", async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const view = await createView(workspace.agent, { name: 'Secret view', filters: {} });
    for (const member of [workspace.lead, workspace.admin]) {
      const patch = await api(member).patch(`/api/v1/views/${view.id}`, { name: 'Taken' });
      expect(patch.statusCode).toBe(404);
      expect(patch.json()).toMatchObject({ error: { code: 'VIEW_NOT_FOUND' } });
      expect((await api(member).delete(`/api/v1/views/${view.id}`)).statusCode).toBe(404);
    }
    expect((await listViews(workspace.agent)).find((item) => item.id === view.id)?.name).toBe('Secret view');
  });

  it('lets leads and admins change a shared view but not other agents', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const view = await createView(workspace.lead, { name: 'Shared queue', filters: {}, isShared: true });
    const agentPatch = await api(workspace.agent).patch(`/api/v1/views/${view.id}`, { name: 'Agent edit' });
    expect(agentPatch.statusCode).toBe(403);
    expect(agentPatch.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect((await api(workspace.agent).delete(`/api/v1/views/${view.id}`)).statusCode).toBe(403);
    const adminPatch = await api(workspace.admin).patch(`/api/v1/views/${view.id}`, { name: 'Admin edit' });
    expect(adminPatch.json()).toMatchObject({ name: 'Admin edit', isShared: true, ownerId: workspace.lead.id });
    expect((await api(workspace.admin).delete(`/api/v1/views/${view.id}`)).statusCode).toBe(200);
  });

  it('refuses to change or delete a built-in view, even for an admin', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const builtIn = (await listViews(workspace.admin)).find((view) => view.isBuiltIn);
    if (!builtIn) throw new Error('expected built-in views');
    const patch = await api(workspace.admin).patch(`/api/v1/views/${builtIn.id}`, { name: 'Renamed' });
    expect(patch.statusCode).toBe(403);
    expect(patch.json()).toMatchObject({ error: { code: 'FORBIDDEN', message: expect.stringContaining('built-in') } });
    expect((await api(workspace.admin).delete(`/api/v1/views/${builtIn.id}`)).statusCode).toBe(403);
    expect((await listViews(workspace.admin)).find((view) => view.id === builtIn.id)?.name).toBe(builtIn.name);
  });

  it("answers 404 for another workspace's views, shared or built-in", async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const foreignShared = await createView(other.lead, { name: 'Foreign shared', filters: {}, isShared: true });
    const foreignBuiltIn = (await listViews(other.admin)).find((view) => view.isBuiltIn);
    if (!foreignBuiltIn) throw new Error('expected built-in views');
    for (const id of [foreignShared.id, foreignBuiltIn.id]) {
      const patch = await api(workspace.admin).patch(`/api/v1/views/${id}`, { name: 'Taken' });
      expect(patch.statusCode).toBe(404);
      expect(patch.json()).toMatchObject({ error: { code: 'VIEW_NOT_FOUND' } });
      expect((await api(workspace.admin).delete(`/api/v1/views/${id}`)).statusCode).toBe(404);
    }
    const ids = (await listViews(workspace.admin)).map((view) => view.id);
    expect(ids).not.toContain(foreignShared.id);
    expect(ids).not.toContain(foreignBuiltIn.id);
  });
});
