/** The demo workspace a new user meets: its open tickets have SLA clocks and a place in the fair queue. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRapport, type TestRapport } from '../../../../../tests/support/rapport.ts';
import { uniqueSlug } from '../../../../../tests/support/rapport.ts';
import { z } from 'zod';
import { AutomationAction, AutomationConditions } from '@rapport/contracts/automations';
import { seedDemo } from './seed-demo.ts';

let rapport: TestRapport;

beforeAll(async () => {
  rapport = await startTestRapport({ role: 'web' });
});
afterAll(async () => {
  await rapport?.stop();
});

describe('the demo workspace', () => {
  it('ships SLA policies, and its open tickets have SLA clocks and queue places like live tickets', async () => {
    const demo = await seedDemo(rapport.deps.db, { now: new Date(), slug: uniqueSlug('demo') });
    const [policies] = await rapport.database.query<{ count: number }>('select count(*)::int as count from sla_policies where workspace_id = $1', [demo.workspaceId]);
    expect(policies!.count).toBe(3);
    const [figures] = await rapport.database.query<{ open: number; with_clock: number; queued: number; queueable: number }>(
      `select count(*)::int as open,
              count(*) filter (where exists (select 1 from ticket_slas s where s.workspace_id = t.workspace_id and s.ticket_id = t.id))::int as with_clock,
              count(*) filter (where queue_key is not null)::int as queued,
              count(*) filter (where status in ('new', 'open') and assignee_id is null)::int as queueable
         from tickets t where workspace_id = $1 and status in ('new', 'open', 'pending', 'on_hold')`,
      [demo.workspaceId],
    );
    expect(figures!.open).toBeGreaterThan(0);
    // "Everyone else" matches every ticket, so every open ticket has at least its resolution clock.
    expect(figures!.with_clock).toBe(figures!.open);
    expect(figures!.queueable).toBeGreaterThan(0);
    expect(figures!.queued).toBe(figures!.queueable);
    // Discretion limits in EUR (5 agent rows, 5 lead rows) and one pending request by the demo agent.
    const limits = await rapport.database.query<{ role: string; count: number }>('select role, count(*)::int as count from discretion_limits where workspace_id = $1 group by role order by role', [demo.workspaceId]);
    expect(limits).toEqual([{ role: 'agent', count: 5 }, { role: 'lead', count: 5 }]);
    const pending = await rapport.database.query<{ role: string }>(
      "select m.role from resolution_actions r join memberships m on m.workspace_id = r.workspace_id and m.user_id = r.requested_by_id where r.workspace_id = $1 and r.status = 'pending'",
      [demo.workspaceId],
    );
    expect(pending).toEqual([{ role: 'agent' }]);
    // Two automations, valid as the API would take them: one acting on new tickets, one time rule left off.
    const rules = await rapport.database.query<{ name: string; enabled: boolean; trigger: string; conditions: unknown; actions: unknown }>(
      'select name, enabled, trigger, conditions, actions from automations where workspace_id = $1 order by position',
      [demo.workspaceId],
    );
    expect(rules.map((rule) => [rule.trigger, rule.enabled])).toEqual([
      ['ticket_created', true],
      ['time', false],
    ]);
    for (const rule of rules) {
      const json = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);
      expect(() => AutomationConditions.parse(json(rule.conditions))).not.toThrow();
      expect(() => z.array(AutomationAction).min(1).parse(json(rule.actions))).not.toThrow();
    }
  });
});
