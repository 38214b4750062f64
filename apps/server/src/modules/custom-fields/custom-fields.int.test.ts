import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomFieldDefinitionDto, CustomFieldDefinitionList } from '@rapport/contracts/catalogue';
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

describe('custom fields API', () => {
  it('lets an admin define fields that tickets then validate against, with an audit row', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const response = await api(workspace.admin).post('/api/v1/custom-fields', { key: 'order_channel', label: 'Order channel', type: 'select', options: ['web', 'shop'] });
    expect(response.statusCode).toBe(201);
    const field = response.json() as CustomFieldDefinitionDto;
    expect(field).toMatchObject({ key: 'order_channel', label: 'Order channel', type: 'select', options: ['web', 'shop'] });
    await api(workspace.admin).post('/api/v1/custom-fields', { key: 'order_total', label: 'Order total', type: 'number' });
    const list = (await api(workspace.agent).get('/api/v1/custom-fields')).json() as CustomFieldDefinitionList;
    expect(list.items.map((item) => item.key)).toEqual(['order_channel', 'order_total']);
    const ticket = await buildTicket(rapport.deps, workspace.agent.actor);
    const valid = await api(workspace.agent).patch(`/api/v1/tickets/${ticket.id}`, { customFields: { order_channel: 'shop' } });
    expect(valid.json()).toMatchObject({ customFields: { order_channel: 'shop' } });
    const invalid = await api(workspace.agent).patch(`/api/v1/tickets/${ticket.id}`, { customFields: { order_channel: 'fax' } });
    expect(invalid.json()).toMatchObject({ error: { code: 'CUSTOM_FIELD_INVALID' } });
    const audit = await rapport.database.query<{ action: string; actor_id: string }>(
      'select action, actor_id from audit_log where workspace_id = $1 and subject_id = $2',
      [workspace.id, field.id],
    );
    expect(audit).toEqual([{ action: 'custom_field.created', actor_id: workspace.admin.id }]);
  });

  it('requires options for a select field, and none for other types', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const noOptions = await api(workspace.admin).post('/api/v1/custom-fields', { key: 'size', label: 'Size', type: 'select' });
    expect(noOptions.statusCode).toBe(400);
    expect(noOptions.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', message: 'A select field needs at least one option.' } });
    const duplicateOptions = await api(workspace.admin).post('/api/v1/custom-fields', { key: 'size', label: 'Size', type: 'select', options: ['S', 'S'] });
    expect(duplicateOptions.statusCode).toBe(400);
    const textWithOptions = await api(workspace.admin).post('/api/v1/custom-fields', { key: 'note', label: 'Note', type: 'text', options: ['a'] });
    expect(textWithOptions.statusCode).toBe(400);
    const badKey = await api(workspace.admin).post('/api/v1/custom-fields', { key: 'Order Id', label: 'Order id', type: 'text' });
    expect(badKey.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect(((await api(workspace.admin).get('/api/v1/custom-fields')).json() as CustomFieldDefinitionList).items).toEqual([]);
  });

  it('refuses a key already used in the workspace, but not one used elsewhere', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    expect((await api(workspace.admin).post('/api/v1/custom-fields', { key: 'sku', label: 'SKU', type: 'text' })).statusCode).toBe(201);
    const duplicate = await api(workspace.admin).post('/api/v1/custom-fields', { key: 'sku', label: 'Another SKU', type: 'number' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({ error: { code: 'NAME_TAKEN', details: { field: 'key' } } });
    expect((await api(other.admin).post('/api/v1/custom-fields', { key: 'sku', label: 'SKU', type: 'text' })).statusCode).toBe(201);
  });

  it('denies field management to agents and leads', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    for (const member of [workspace.agent, workspace.lead]) {
      const response = await api(member).post('/api/v1/custom-fields', { key: 'x', label: 'X', type: 'boolean' });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    }
  });

  it("never lists another workspace's fields, nor lets its tickets use them", async () => {
    const workspace = await buildWorkspace(rapport.deps);
    await api(other.admin).post('/api/v1/custom-fields', { key: 'secret_field', label: 'Secret', type: 'text' });
    const list = (await api(workspace.agent).get('/api/v1/custom-fields')).json() as CustomFieldDefinitionList;
    expect(list.items).toEqual([]);
    const ticket = await buildTicket(rapport.deps, workspace.agent.actor);
    const response = await api(workspace.agent).patch(`/api/v1/tickets/${ticket.id}`, { customFields: { secret_field: 'x' } });
    expect(response.json()).toMatchObject({ error: { code: 'CUSTOM_FIELD_INVALID' } });
  });
});
