/**
 * Playbooks end to end through the API, on both databases (issue 7 part 8; P24, P27, P30): the
 * built-ins seeded once per workspace (at provisioning and lazily), CRUD with its permission rules,
 * starting, checking and completing a run with its audit trail, the suggestions with their reasons,
 * and another workspace's playbooks and runs staying invisible.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MacroDto } from '@rapport/contracts/composer';
import type { PlaybookDto, PlaybookList, PlaybookRunDto, TicketPlaybooks } from '@rapport/contracts/playbooks';
import { apiAs } from '../../../../../tests/support/api-client.ts';
import { buildTicket, buildWorkspace, type WorkspaceFixture } from '../../../../../tests/support/factories.ts';
import { startTestRapport, type TestRapport } from '../../../../../tests/support/rapport.ts';

let rapport: TestRapport;
let shop: WorkspaceFixture;
let other: WorkspaceFixture;

beforeAll(async () => {
  rapport = await startTestRapport({ role: 'web' });
  shop = await buildWorkspace(rapport.deps, 'Juniper Goods');
  other = await buildWorkspace(rapport.deps, 'Other shop');
});
afterAll(async () => {
  await rapport?.stop();
});

async function playbooksOf(workspace: WorkspaceFixture): Promise<PlaybookDto[]> {
  const response = await apiAs(rapport, workspace.agent).get('/api/v1/playbooks');
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as PlaybookList).items;
}

async function builtIn(workspace: WorkspaceFixture, key: string): Promise<PlaybookDto> {
  const found = (await playbooksOf(workspace)).find((playbook) => playbook.key === key);
  if (!found) throw new Error(`no built-in ${key}`);
  return found;
}

async function countRows(table: 'playbooks' | 'macros', workspaceId: string): Promise<number> {
  const [row] = await rapport.database.query<{ count: number | string }>(`select count(*) as count from ${table} where workspace_id = $1`, [workspaceId]);
  return Number(row?.count ?? 0);
}

describe('playbooks', () => {
  it('seeds the four built-ins with their shared macros at provisioning, and lazily once for older workspaces', async () => {
    const items = await playbooksOf(shop);
    expect(items.map((playbook) => playbook.key)).toEqual(['angry_customer', 'our_mistake', 'delayed_shipment', 'refund_request']);
    for (const playbook of items) {
      expect(playbook.steps.length).toBeGreaterThanOrEqual(4);
      expect(playbook.allowedActions.length).toBeGreaterThan(0);
      expect(playbook.enabled).toBe(true);
      expect(playbook.suggestedMacro).not.toBeNull();
    }
    // The suggested macros are shared ones any agent sees and can render.
    const macros = (await apiAs(rapport, shop.agent).get('/api/v1/macros')).json() as { items: MacroDto[] };
    const delayed = items.find((playbook) => playbook.key === 'delayed_shipment');
    expect(macros.items.find((macro) => macro.id === delayed?.suggestedMacro?.id)).toMatchObject({ scope: 'shared' });

    // A workspace from before playbooks existed: seeded on first read, once, even when reads race.
    const older = await buildWorkspace(rapport.deps, 'Older shop');
    await rapport.database.query('delete from playbooks where workspace_id = $1', [older.id]);
    await rapport.database.query('delete from macros where workspace_id = $1', [older.id]);
    const lists = await Promise.all([playbooksOf(older), playbooksOf(older), playbooksOf(older)]);
    for (const list of lists) expect(list).toHaveLength(4);
    await playbooksOf(older);
    expect(await countRows('playbooks', older.id)).toBe(4);
    expect(await countRows('macros', older.id)).toBe(4);

    // Seeding fills in only what is missing: a switched-off built-in stays off, a missing one returns.
    const angry = (await playbooksOf(older)).find((playbook) => playbook.key === 'angry_customer')!;
    expect((await apiAs(rapport, older.admin).patch(`/api/v1/playbooks/${angry.id}`, { enabled: false })).statusCode).toBe(200);
    await rapport.database.query("delete from playbooks where workspace_id = $1 and key = 'refund_request'", [older.id]);
    const again = await playbooksOf(older);
    expect(again.map((playbook) => [playbook.key, playbook.enabled])).toEqual([
      ['angry_customer', false],
      ['our_mistake', true],
      ['delayed_shipment', true],
      ['refund_request', true],
    ]);
  });

  it('lets leads and admins create, edit and delete custom playbooks, edit or switch off built-ins but never delete them', async () => {
    const lead = apiAs(rapport, shop.lead);
    const agent = apiAs(rapport, shop.agent);
    const macro = (await lead.post('/api/v1/macros', { name: 'Warranty claim', body: 'Hi {{customer.first_name}}, about your warranty…', scope: 'shared' })).json() as MacroDto;
    const body = {
      name: 'Warranty claim',
      description: 'A product failed within its warranty.',
      steps: [{ title: 'Check the purchase date', detail: 'Find the order.' }, { title: 'Offer a replacement' }],
      suggestedMacroId: macro.id,
      allowedActions: ['replacement', 'refund'],
    };
    expect((await agent.post('/api/v1/playbooks', body)).statusCode).toBe(403);
    const createdResponse = await lead.post('/api/v1/playbooks', body);
    expect(createdResponse.statusCode, createdResponse.body).toBe(201);
    const created = createdResponse.json() as PlaybookDto;
    expect(created).toMatchObject({ key: null, name: 'Warranty claim', enabled: true, suggestedMacro: { id: macro.id, name: 'Warranty claim' }, allowedActions: ['replacement', 'refund'] });
    expect(created.steps[1]).toEqual({ title: 'Offer a replacement', detail: '' });

    // Suggested macros must be shared ones of the workspace; actions come from the fixed list, once each.
    const personal = (await agent.post('/api/v1/macros', { name: 'Mine', body: 'Hello', scope: 'personal' })).json() as MacroDto;
    expect((await lead.patch(`/api/v1/playbooks/${created.id}`, { suggestedMacroId: personal.id })).json()).toMatchObject({ error: { code: 'MACRO_NOT_FOUND' } });
    expect((await lead.patch(`/api/v1/playbooks/${created.id}`, { allowedActions: ['refund', 'refund'] })).statusCode).toBe(400);
    expect((await lead.patch(`/api/v1/playbooks/${created.id}`, { allowedActions: ['cash'] })).statusCode).toBe(400);
    expect((await lead.patch(`/api/v1/playbooks/${created.id}`, { steps: [] })).statusCode).toBe(400);

    const renamed = await lead.patch(`/api/v1/playbooks/${created.id}`, { name: 'Warranty', enabled: false });
    expect(renamed.json()).toMatchObject({ name: 'Warranty', enabled: false });
    expect((await agent.patch(`/api/v1/playbooks/${created.id}`, { name: 'Nope' })).statusCode).toBe(403);

    // A built-in: editable and can be switched off, not deleted.
    const refund = await builtIn(shop, 'refund_request');
    const edited = await apiAs(rapport, shop.admin).patch(`/api/v1/playbooks/${refund.id}`, { description: 'Money back, quickly and kindly.', allowedActions: ['refund'] });
    expect(edited.json()).toMatchObject({ key: 'refund_request', description: 'Money back, quickly and kindly.', allowedActions: ['refund'] });
    const refused = await apiAs(rapport, shop.admin).delete(`/api/v1/playbooks/${refund.id}`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });

    expect((await agent.delete(`/api/v1/playbooks/${created.id}`)).statusCode).toBe(403);
    expect((await lead.delete(`/api/v1/playbooks/${created.id}`)).statusCode).toBe(200);
    expect((await lead.delete(`/api/v1/playbooks/${created.id}`)).json()).toMatchObject({ error: { code: 'PLAYBOOK_NOT_FOUND' } });
    const audit = await rapport.database.query<{ action: string }>(
      "select action from audit_log where workspace_id = $1 and subject_id = $2 and action like 'playbook.%' order by id",
      [shop.id, created.id],
    );
    expect(audit.map((row) => row.action)).toEqual(['playbook.created', 'playbook.updated', 'playbook.deleted']);
  });

  it('starts a playbook on a ticket once, checks its steps and completes it, with the audit trail', async () => {
    const agent = apiAs(rapport, shop.agent);
    const ticket = await buildTicket(rapport.deps, shop.agent.actor, { subject: 'Parcel is late', text: 'My parcel was due on Friday and has not arrived yet.' });
    const delayed = await builtIn(shop, 'delayed_shipment');
    const first = await agent.post(`/api/v1/tickets/${ticket.number}/playbooks`, { playbookId: delayed.id });
    expect(first.statusCode, first.body).toBe(200);
    const run = first.json() as PlaybookRunDto;
    expect(run).toMatchObject({ checkedSteps: [], completedAt: null, startedById: shop.agent.id, playbook: { id: delayed.id } });
    // Starting again returns the same run.
    const second = (await agent.post(`/api/v1/tickets/${ticket.id}/playbooks`, { playbookId: delayed.id })).json() as PlaybookRunDto;
    expect(second.startedAt).toBe(run.startedAt);

    const url = `/api/v1/tickets/${ticket.id}/playbooks/${delayed.id}`;
    const steps = delayed.steps.length;
    expect((await agent.patch(url, { checkedSteps: [steps] })).statusCode).toBe(400);
    const partial = (await agent.patch(url, { checkedSteps: [1, 0, 1] })).json() as PlaybookRunDto;
    expect(partial).toMatchObject({ checkedSteps: [0, 1], completedAt: null });
    const all = Array.from({ length: steps }, (_, index) => index);
    const done = (await agent.patch(url, { checkedSteps: all })).json() as PlaybookRunDto;
    expect(done.completedAt).not.toBeNull();
    // Unchecking a step opens the run again.
    expect(((await agent.patch(url, { checkedSteps: all.slice(1) })).json() as PlaybookRunDto).completedAt).toBeNull();
    expect(((await agent.patch(url, { checkedSteps: all })).json() as PlaybookRunDto).completedAt).not.toBeNull();

    const listed = (await agent.get(`/api/v1/tickets/${ticket.id}/playbooks`)).json() as TicketPlaybooks;
    expect(listed.runs).toHaveLength(1);
    expect(listed.runs[0]).toMatchObject({ checkedSteps: all, playbook: { key: 'delayed_shipment' } });
    // Started playbooks are no longer suggested.
    expect(listed.suggested.map((suggestion) => suggestion.key)).not.toContain('delayed_shipment');

    const audit = await rapport.database.query<{ action: string; data: Record<string, unknown> }>(
      "select action, data from audit_log where workspace_id = $1 and subject_type = 'ticket' and subject_id = $2 and action like 'playbook.%' order by id",
      [shop.id, ticket.id],
    );
    expect(audit.map((row) => row.action)).toEqual([
      'playbook.started',
      ...Array<string>(2).fill('playbook.step_checked'),
      ...Array<string>(steps - 2).fill('playbook.step_checked'),
      'playbook.completed',
      'playbook.step_unchecked',
      'playbook.step_checked',
      'playbook.completed',
    ]);
    expect(audit[1]?.data).toMatchObject({ playbookId: delayed.id, step: 0, title: delayed.steps[0]?.title });

    // A switched-off playbook cannot be started; an unknown one is not found; checking needs a started run.
    const angry = await builtIn(shop, 'angry_customer');
    await apiAs(rapport, shop.admin).patch(`/api/v1/playbooks/${angry.id}`, { enabled: false });
    expect((await agent.post(`/api/v1/tickets/${ticket.id}/playbooks`, { playbookId: angry.id })).json()).toMatchObject({ error: { code: 'PLAYBOOK_NOT_FOUND' } });
    await apiAs(rapport, shop.admin).patch(`/api/v1/playbooks/${angry.id}`, { enabled: true });
    expect((await agent.patch(`/api/v1/tickets/${ticket.id}/playbooks/${angry.id}`, { checkedSteps: [0] })).statusCode).toBe(404);
    expect((await agent.post(`/api/v1/tickets/${ticket.id}/playbooks`, { playbookId: crypto.randomUUID() })).statusCode).toBe(404);
  });

  it('suggests playbooks for a ticket with the reason', async () => {
    const agent = apiAs(rapport, shop.agent);
    const suggestionsFor = async (subject: string, text: string, tags: string[] = []) => {
      const ticket = await buildTicket(rapport.deps, shop.agent.actor, { subject, text, tags });
      return ((await agent.get(`/api/v1/tickets/${ticket.id}/playbooks`)).json() as TicketPlaybooks).suggested;
    };
    const delayed = await suggestionsFor('Where is my package?', 'My package still has not arrived, it was due last Tuesday.');
    expect(delayed).toEqual([expect.objectContaining({ key: 'delayed_shipment', rule: 'shipping_delay', name: 'Delayed shipment' })]);
    expect(delayed[0]?.reason).toMatch(/late delivery/);
    expect(await suggestionsFor('Refund', 'Please refund the kettle, it is not what I expected.')).toEqual([expect.objectContaining({ key: 'refund_request', rule: 'refund_asked' })]);
    expect(await suggestionsFor('Invoice copy', 'Could I have a copy of the invoice?', ['our-mistake'])).toEqual([expect.objectContaining({ key: 'our_mistake', rule: 'tagged_our_mistake' })]);
    const angry = await suggestionsFor('Awful', 'This is ABSOLUTELY UNACCEPTABLE. I am furious, nobody has answered me in two weeks!!');
    expect(angry[0]).toMatchObject({ key: 'angry_customer', rule: 'angry_tone' });
    expect(await suggestionsFor('Sizes', 'Does the green scarf come in wool?')).toEqual([]);
  });

  it("keeps another workspace's playbooks and runs invisible", async () => {
    const theirs = await builtIn(other, 'refund_request');
    const mine = await buildTicket(rapport.deps, shop.agent.actor);
    const agent = apiAs(rapport, shop.agent);
    expect((await playbooksOf(shop)).map((playbook) => playbook.id)).not.toContain(theirs.id);
    expect((await agent.post(`/api/v1/tickets/${mine.id}/playbooks`, { playbookId: theirs.id })).json()).toMatchObject({ error: { code: 'PLAYBOOK_NOT_FOUND' } });
    expect((await apiAs(rapport, shop.admin).patch(`/api/v1/playbooks/${theirs.id}`, { name: 'Mine now' })).statusCode).toBe(404);
    const theirTicket = await buildTicket(rapport.deps, other.agent.actor);
    await apiAs(rapport, other.agent).post(`/api/v1/tickets/${theirTicket.id}/playbooks`, { playbookId: theirs.id });
    expect((await agent.get(`/api/v1/tickets/${theirTicket.id}/playbooks`)).statusCode).toBe(404);
    expect((await agent.patch(`/api/v1/tickets/${theirTicket.id}/playbooks/${theirs.id}`, { checkedSteps: [0] })).statusCode).toBe(404);
  });
});
