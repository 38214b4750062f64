import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TagList } from '@rapport/contracts/catalogue';
import type { TicketDetail } from '@rapport/contracts/tickets';
import { buildTicket, buildWorkspace, type Member, type WorkspaceFixture } from '../../../../../tests/support/factories.ts';
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

describe('tags API', () => {
  it('lists the catalogue with the number of tickets carrying each tag', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    await buildTicket(rapport.deps, workspace.agent.actor, { tags: ['refund', 'vip'] });
    await buildTicket(rapport.deps, workspace.agent.actor, { tags: ['refund'] });
    await buildTicket(rapport.deps, other.agent.actor, { tags: ['refund'] });
    const created = await api(workspace.lead).post('/api/v1/tags', { name: 'Unused' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({ name: 'unused', ticketCount: 0 });
    const list = (await api(workspace.agent).get('/api/v1/tags')).json() as TagList;
    expect(list.items).toEqual([
      { name: 'refund', ticketCount: 2 },
      { name: 'unused', ticketCount: 0 },
      { name: 'vip', ticketCount: 1 },
    ]);
  });

  it('refuses a tag that already exists and a malformed name', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    await buildTicket(rapport.deps, workspace.agent.actor, { tags: ['shipping'] });
    const duplicate = await api(workspace.lead).post('/api/v1/tags', { name: 'Shipping' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({ error: { code: 'NAME_TAKEN' } });
    const malformed = await api(workspace.lead).post('/api/v1/tags', { name: 'two words' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });

  it('deletes a tag from the catalogue and from every ticket of the workspace only, with an audit row', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const first = await buildTicket(rapport.deps, workspace.agent.actor, { tags: ['damaged', 'courier'] });
    const second = await buildTicket(rapport.deps, workspace.agent.actor, { tags: ['damaged'] });
    const foreign = await buildTicket(rapport.deps, other.agent.actor, { tags: ['damaged'] });
    const response = await api(workspace.lead).delete('/api/v1/tags/Damaged');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ok: true });
    const firstAfter = (await api(workspace.agent).get(`/api/v1/tickets/${first.id}`)).json() as TicketDetail;
    const secondAfter = (await api(workspace.agent).get(`/api/v1/tickets/${second.id}`)).json() as TicketDetail;
    expect(firstAfter.tags).toEqual(['courier']);
    expect(secondAfter.tags).toEqual([]);
    expect(((await api(other.agent).get(`/api/v1/tickets/${foreign.id}`)).json() as TicketDetail).tags).toEqual(['damaged']);
    expect(((await api(other.agent).get('/api/v1/tags')).json() as TagList).items).toContainEqual({ name: 'damaged', ticketCount: 1 });
    const list = (await api(workspace.agent).get('/api/v1/tags')).json() as TagList;
    expect(list.items).toEqual([{ name: 'courier', ticketCount: 1 }]);
    const audit = await rapport.database.query<{ action: string; actor_id: string; data: Record<string, unknown> }>(
      "select action, actor_id, data from audit_log where workspace_id = $1 and action = 'tag.deleted'",
      [workspace.id],
    );
    expect(audit).toEqual([{ action: 'tag.deleted', actor_id: workspace.lead.id, data: { name: 'damaged', ticketCount: 2 } }]);
    const again = await api(workspace.lead).delete('/api/v1/tags/damaged');
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({ error: { code: 'TAG_NOT_FOUND' } });
  });

  it("answers 404 for a tag that exists only in another workspace and leaves it alone", async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const foreign = await buildTicket(rapport.deps, other.agent.actor, { tags: ['only-there'] });
    const response = await api(workspace.admin).delete('/api/v1/tags/only-there');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'TAG_NOT_FOUND' } });
    expect(((await api(other.agent).get(`/api/v1/tickets/${foreign.id}`)).json() as TicketDetail).tags).toEqual(['only-there']);
  });

  it('denies tag management to agents', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    await buildTicket(rapport.deps, workspace.agent.actor, { tags: ['keep'] });
    expect((await api(workspace.agent).post('/api/v1/tags', { name: 'nope' })).statusCode).toBe(403);
    const remove = await api(workspace.agent).delete('/api/v1/tags/keep');
    expect(remove.statusCode).toBe(403);
    expect(remove.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect(((await api(workspace.agent).get('/api/v1/tags')).json() as TagList).items).toEqual([{ name: 'keep', ticketCount: 1 }]);
  });
});
