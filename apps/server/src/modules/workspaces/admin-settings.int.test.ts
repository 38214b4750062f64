/**
 * Issue 6 part 8/9 admin API: workspace settings and time zones, personal preferences, the coach
 * settings the coach route applies, team rename/delete and custom field edit/delete.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionInfo } from '@rapport/contracts/auth';
import type { CustomFieldDefinitionDto } from '@rapport/contracts/catalogue';
import type { CoachResponse } from '@rapport/contracts/coach';
import type { TeamDto, TeamList } from '@rapport/contracts/people';
import type { MyPreferences, WorkspaceCoachSettings, WorkspaceDto } from '@rapport/contracts/workspace';
import { bearer, buildTicket, buildWorkspace, signInSession, type Member, type WorkspaceFixture } from '../../../../../tests/support/factories.ts';
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
const put = (member: Member, url: string, payload: object) => rapport.app!.inject({ method: 'PUT', url, payload, headers: bearer(member) });

describe('workspace settings', () => {
  it('lets an admin rename the workspace and set a known IANA time zone, and audits it', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const response = await api(workspace.admin).patch('/api/v1/workspace', { name: 'Renamed shop', timeZone: 'Europe/Berlin' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: workspace.id, name: 'Renamed shop', timeZone: 'Europe/Berlin' });
    expect(((await api(workspace.agent).get('/api/v1/workspace')).json() as WorkspaceDto).timeZone).toBe('Europe/Berlin');
    const audit = await rapport.database.query<{ action: string }>('select action from audit_log where workspace_id = $1 and action = $2', [workspace.id, 'workspace.updated']);
    expect(audit).toHaveLength(1);
  });

  it('refuses an unknown time zone and accepts UTC', async () => {
    const invalid = await api(shop.admin).patch('/api/v1/workspace', { timeZone: 'Mars/Olympus_Mons' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect((await api(shop.admin).patch('/api/v1/workspace', { timeZone: 'UTC' })).json()).toMatchObject({ timeZone: 'UTC' });
  });

  it('denies workspace changes to agents and leads', async () => {
    for (const member of [shop.agent, shop.lead]) {
      const response = await api(member).patch('/api/v1/workspace', { name: 'Hijacked' });
      expect(response.statusCode).toBe(403);
    }
    expect(((await api(other.admin).get('/api/v1/workspace')).json() as WorkspaceDto).id).toBe(other.id);
  });
});

describe('my preferences and the session time zone', () => {
  it('follows the workspace zone until the agent picks their own, and back', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    await api(workspace.admin).patch('/api/v1/workspace', { timeZone: 'America/New_York' });
    const before = (await api(workspace.agent).get('/api/v1/me/preferences')).json() as MyPreferences;
    expect(before).toEqual({ timeZone: null, workspaceTimeZone: 'America/New_York', effectiveTimeZone: 'America/New_York' });

    const set = await api(workspace.agent).patch('/api/v1/me/preferences', { timeZone: 'Asia/Tokyo' });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toEqual({ timeZone: 'Asia/Tokyo', workspaceTimeZone: 'America/New_York', effectiveTimeZone: 'Asia/Tokyo' });

    const { cookie } = await signInSession(rapport.app!, workspace.agent.email);
    const session = (await rapport.app!.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie } })).json() as SessionInfo;
    expect(session.timeZone).toBe('Asia/Tokyo');
    expect(session.user.timeZone).toBe('Asia/Tokyo');
    expect(session.workspace.timeZone).toBe('America/New_York');

    await api(workspace.agent).patch('/api/v1/me/preferences', { timeZone: null });
    const cleared = (await rapport.app!.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie } })).json() as SessionInfo;
    expect(cleared.timeZone).toBe('America/New_York');
    // The lead's zone was never touched by the agent's change.
    expect(((await api(workspace.lead).get('/api/v1/me/preferences')).json() as MyPreferences).timeZone).toBeNull();
  });

  it('refuses an unknown zone', async () => {
    const response = await api(shop.agent).patch('/api/v1/me/preferences', { timeZone: 'Europe/Atlantis' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });
});

describe('coach settings', () => {
  const draft = 'Please check OmniSync. We cannot do anything about the delay.';
  const conversation = [{ from: 'customer', text: 'My parcel is late. When will it arrive?' }];

  it('lets agents read but only admins write, and validates the rule ids', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    expect((await api(workspace.agent).get('/api/v1/workspace/coach-settings')).json()).toEqual({ checks: {}, glossary: [] });
    expect((await put(workspace.agent, '/api/v1/workspace/coach-settings', { checks: {}, glossary: [] })).statusCode).toBe(403);
    expect((await put(workspace.lead, '/api/v1/workspace/coach-settings', { checks: {}, glossary: [] })).statusCode).toBe(403);
    const unknownRule = await put(workspace.admin, '/api/v1/workspace/coach-settings', { checks: { 'no-such-check': 'off' }, glossary: [] });
    expect(unknownRule.statusCode).toBe(400);
    const duplicate = await put(workspace.admin, '/api/v1/workspace/coach-settings', {
      checks: {},
      glossary: [
        { term: 'SLA', plain: 'a' },
        { term: 'sla', plain: 'b' },
      ],
    });
    expect(duplicate.statusCode).toBe(400);
    const saved = await put(workspace.admin, '/api/v1/workspace/coach-settings', { checks: { dismissive: 'off' }, glossary: [{ term: 'SLA', plain: 'the reply time we promise' }] });
    expect(saved.statusCode).toBe(200);
    expect((await api(workspace.agent).get('/api/v1/workspace/coach-settings')).json()).toEqual({
      checks: { dismissive: 'off' },
      glossary: [{ term: 'SLA', plain: 'the reply time we promise' }],
    } satisfies WorkspaceCoachSettings);
  });

  it('is applied by the coach route: glossary terms flagged, checks admins turned off stay off', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const coach = async (settings?: object) => {
      const response = await api(workspace.agent).post('/api/v1/coach', { draft, conversation, ...(settings ? { settings } : {}) });
      expect(response.statusCode).toBe(200);
      return response.json() as CoachResponse;
    };
    const rules = (output: CoachResponse) => output.findings.map((finding) => finding.rule);
    const before = await coach();
    expect(before.findings.some((finding) => finding.rule === 'jargon' && draft.slice(finding.start, finding.end) === 'OmniSync')).toBe(false);
    expect(rules(before)).toContain('dismissive');

    await put(workspace.admin, '/api/v1/workspace/coach-settings', {
      checks: { dismissive: 'off', jargon: 'info' },
      glossary: [{ term: 'OmniSync', plain: 'our stock system' }],
    });
    const after = await coach();
    const term = after.findings.find((finding) => finding.rule === 'jargon' && draft.slice(finding.start, finding.end) === 'OmniSync');
    expect(term).toMatchObject({ severity: 'info' });
    expect(rules(after)).not.toContain('dismissive');

    // A request may narrow but never widen: it cannot re-enable dismissive or raise jargon to warn; it can turn jargon off.
    const widened = await coach({ checks: { dismissive: 'warn', jargon: 'warn' } });
    expect(rules(widened)).not.toContain('dismissive');
    expect(widened.findings.filter((finding) => finding.rule === 'jargon').every((finding) => finding.severity === 'info')).toBe(true);
    expect(rules(await coach({ checks: { jargon: 'off' } }))).not.toContain('jargon');

    // Another workspace's settings never leak in.
    expect(rules(await (async () => (await api(other.agent).post('/api/v1/coach', { draft, conversation })).json() as CoachResponse)())).toContain('dismissive');
  });
});

describe('teams: rename and delete', () => {
  it('renames, refusing a name another team has', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const billing = (await api(workspace.lead).post('/api/v1/teams', { name: 'Billing' })).json() as TeamDto;
    await api(workspace.lead).post('/api/v1/teams', { name: 'Returns' });
    expect((await api(workspace.lead).patch(`/api/v1/teams/${billing.id}`, { name: 'Payments' })).json()).toEqual({ id: billing.id, name: 'Payments', members: [] });
    const taken = await api(workspace.lead).patch(`/api/v1/teams/${billing.id}`, { name: 'Returns' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ error: { code: 'NAME_TAKEN' } });
    expect((await api(workspace.agent).patch(`/api/v1/teams/${billing.id}`, { name: 'Mine' })).statusCode).toBe(403);
  });

  it('refuses to delete a team tickets use unless another team takes them', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const billing = (await api(workspace.lead).post('/api/v1/teams', { name: 'Billing' })).json() as TeamDto;
    const returns = (await api(workspace.lead).post('/api/v1/teams', { name: 'Returns' })).json() as TeamDto;
    const ticket = await buildTicket(rapport.deps, workspace.agent.actor);
    expect((await api(workspace.agent).patch(`/api/v1/tickets/${ticket.id}`, { teamId: billing.id })).statusCode).toBe(200);

    const refused = await api(workspace.lead).delete(`/api/v1/teams/${billing.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: { code: 'TEAM_IN_USE', details: { ticketCount: 1 } } });

    const foreign = (await api(other.lead).post('/api/v1/teams', { name: `Foreign ${Date.now()}` })).json() as TeamDto;
    expect((await api(workspace.lead).delete(`/api/v1/teams/${billing.id}?reassignTo=${foreign.id}`)).statusCode).toBe(404);

    const moved = await api(workspace.lead).delete(`/api/v1/teams/${billing.id}?reassignTo=${returns.id}`);
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toEqual({ ok: true, reassignedTickets: 1 });
    const [row] = await rapport.database.query<{ team_id: string }>('select team_id from tickets where id = $1', [ticket.id]);
    expect(row?.team_id).toBe(returns.id);
    expect(((await api(workspace.agent).get('/api/v1/teams')).json() as TeamList).items.map((team) => team.name)).toEqual(['Returns']);
    expect((await api(workspace.lead).delete(`/api/v1/teams/${returns.id}?reassignTo=${returns.id}`)).statusCode).toBe(400);
  });

  it('refuses to delete a team an automation names, saying which, until the automation no longer does', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const vip = (await api(workspace.lead).post('/api/v1/teams', { name: 'VIP desk' })).json() as TeamDto;
    const other = (await api(workspace.lead).post('/api/v1/teams', { name: 'Spare' })).json() as TeamDto;
    const routeVip = await api(workspace.admin).post('/api/v1/automations', {
      name: 'Urgent to VIP',
      trigger: 'ticket_created',
      conditions: { all: [{ field: 'priority', operator: 'is', value: 'urgent' }], any: [] },
      actions: [{ type: 'assign_team', teamId: vip.id }],
    });
    expect(routeVip.statusCode, routeVip.body).toBe(201);
    const watchVip = await api(workspace.admin).post('/api/v1/automations', {
      name: 'Tag VIP tickets',
      trigger: 'ticket_updated',
      conditions: { all: [{ field: 'team', operator: 'is', value: vip.id }], any: [] },
      actions: [{ type: 'add_tags', tags: ['vip'] }],
    });
    expect(watchVip.statusCode, watchVip.body).toBe(201);

    const refused = await api(workspace.lead).delete(`/api/v1/teams/${vip.id}?reassignTo=${other.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: { code: 'TEAM_USED_BY_AUTOMATIONS', details: { automations: [{ name: 'Urgent to VIP' }, { name: 'Tag VIP tickets' }] } } });
    expect((refused.json() as { error: { message: string } }).error.message).toContain('"Urgent to VIP", "Tag VIP tickets"');
    // Another team is not held back by them.
    expect((await api(workspace.lead).delete(`/api/v1/teams/${other.id}`)).statusCode).toBe(200);

    for (const created of [routeVip, watchVip]) {
      expect((await api(workspace.admin).delete(`/api/v1/automations/${(created.json() as { id: string }).id}`)).statusCode).toBeLessThan(300);
    }
    expect((await api(workspace.lead).delete(`/api/v1/teams/${vip.id}`)).statusCode).toBe(200);
  });
});

describe('custom fields: edit and delete', () => {
  it('relabels and changes select options, keeping key and type, and validates options', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const field = (await api(workspace.admin).post('/api/v1/custom-fields', { key: 'plan', label: 'Plan', type: 'select', options: ['Free', 'Pro'] })).json() as CustomFieldDefinitionDto;
    const updated = await api(workspace.admin).patch(`/api/v1/custom-fields/${field.id}`, { label: 'Billing plan', options: ['Free', 'Pro', 'Team'] });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ key: 'plan', type: 'select', label: 'Billing plan', options: ['Free', 'Pro', 'Team'] });
    const empty = await api(workspace.admin).patch(`/api/v1/custom-fields/${field.id}`, { options: [] });
    expect(empty.statusCode).toBe(400);
    expect((await api(workspace.lead).patch(`/api/v1/custom-fields/${field.id}`, { label: 'Nope' })).statusCode).toBe(403);
    expect((await api(other.admin).patch(`/api/v1/custom-fields/${field.id}`, { label: 'Nope' })).json()).toMatchObject({ error: { code: 'CUSTOM_FIELD_NOT_FOUND' } });
  });

  it('deletes a field and its values from tickets', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const field = (await api(workspace.admin).post('/api/v1/custom-fields', { key: 'order_ref', label: 'Order', type: 'text' })).json() as CustomFieldDefinitionDto;
    const ticket = await buildTicket(rapport.deps, workspace.agent.actor, { customFields: { order_ref: 'A-17' } });
    const untouched = await buildTicket(rapport.deps, workspace.agent.actor);
    const deleted = await api(workspace.admin).delete(`/api/v1/custom-fields/${field.id}`);
    expect(deleted.json()).toEqual({ ok: true, clearedTickets: 1 });
    const rows = await rapport.database.query<{ id: string; custom_fields: Record<string, unknown> }>('select id, custom_fields from tickets where id = any($1)', [[ticket.id, untouched.id]]);
    expect(rows.map((row) => row.custom_fields)).toEqual([{}, {}]);
    expect((await api(workspace.admin).delete(`/api/v1/custom-fields/${field.id}`)).statusCode).toBe(404);
  });
});
