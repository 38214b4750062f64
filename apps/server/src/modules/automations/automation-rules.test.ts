/** The automation engine's pure rules: conditions against ticket facts, planning actions, undoing a run. */
import { describe, expect, it } from 'vitest';
import type { AutomationCondition } from '@rapport/contracts/automations';
import { clockState, conditionHolds, conditionsHold, isEmptyPlan, planActions, planRevert, referencedIds, withoutRepeats, worstSlaState, type TicketFacts, type TicketState } from './automation-rules.ts';

const teamA = '11111111-1111-4111-8111-111111111111';
const agentA = '22222222-2222-4222-8222-222222222222';

const facts: TicketFacts = {
  status: 'open',
  priority: 'high',
  channel: 'email',
  tags: ['VIP', 'shipping'],
  teamId: teamA,
  assigneeId: null,
  language: 'de',
  subject: 'Where is my REFUND?',
  customerTier: 'enterprise',
  sla: 'warning',
};

const holds = (condition: AutomationCondition, overrides: Partial<TicketFacts> = {}) => conditionHolds(condition, { ...facts, ...overrides });

describe('conditions', () => {
  it('status, channel, tier and sla: is / is not', () => {
    expect(holds({ field: 'status', operator: 'is', value: 'open' })).toBe(true);
    expect(holds({ field: 'status', operator: 'is_not', value: 'open' })).toBe(false);
    expect(holds({ field: 'status', operator: 'is_not', value: 'pending' })).toBe(true);
    expect(holds({ field: 'channel', operator: 'is', value: 'chat' })).toBe(false);
    expect(holds({ field: 'customer_tier', operator: 'is', value: 'enterprise' })).toBe(true);
    expect(holds({ field: 'customer_tier', operator: 'is_not', value: 'standard' })).toBe(true);
    expect(holds({ field: 'sla', operator: 'is', value: 'warning' })).toBe(true);
    expect(holds({ field: 'sla', operator: 'is', value: 'breached' })).toBe(false);
  });

  it('priority above and below follow low < normal < high < urgent', () => {
    expect(holds({ field: 'priority', operator: 'above', value: 'normal' })).toBe(true);
    expect(holds({ field: 'priority', operator: 'above', value: 'high' })).toBe(false);
    expect(holds({ field: 'priority', operator: 'below', value: 'urgent' })).toBe(true);
    expect(holds({ field: 'priority', operator: 'below', value: 'high' })).toBe(false);
    expect(holds({ field: 'priority', operator: 'below', value: 'normal' }, { priority: 'low' })).toBe(true);
    expect(holds({ field: 'priority', operator: 'is', value: 'high' })).toBe(true);
    expect(holds({ field: 'priority', operator: 'is_not', value: 'high' })).toBe(false);
  });

  it('tags ignore case; team and assignee compare ids and null means none', () => {
    expect(holds({ field: 'tags', operator: 'includes', value: 'vip' })).toBe(true);
    expect(holds({ field: 'tags', operator: 'excludes', value: 'vip' })).toBe(false);
    expect(holds({ field: 'tags', operator: 'excludes', value: 'refund' })).toBe(true);
    expect(holds({ field: 'team', operator: 'is', value: teamA })).toBe(true);
    expect(holds({ field: 'team', operator: 'is', value: null })).toBe(false);
    expect(holds({ field: 'team', operator: 'is', value: null }, { teamId: null })).toBe(true);
    expect(holds({ field: 'assignee', operator: 'is', value: null })).toBe(true);
    expect(holds({ field: 'assignee', operator: 'is_not', value: null })).toBe(false);
    expect(holds({ field: 'assignee', operator: 'is', value: agentA }, { assigneeId: agentA })).toBe(true);
  });

  it('subject contains is case-insensitive; language compares without case, null = unknown', () => {
    expect(holds({ field: 'subject', operator: 'contains', value: 'refund' })).toBe(true);
    expect(holds({ field: 'subject', operator: 'not_contains', value: 'Refund' })).toBe(false);
    expect(holds({ field: 'subject', operator: 'contains', value: 'invoice' })).toBe(false);
    expect(holds({ field: 'language', operator: 'is', value: 'DE' })).toBe(true);
    expect(holds({ field: 'language', operator: 'is', value: null })).toBe(false);
    expect(holds({ field: 'language', operator: 'is', value: null }, { language: null })).toBe(true);
  });

  it('all must all hold; any needs one when it has some, and is ignored when empty', () => {
    const yes: AutomationCondition = { field: 'status', operator: 'is', value: 'open' };
    const no: AutomationCondition = { field: 'status', operator: 'is', value: 'closed' };
    expect(conditionsHold({ all: [], any: [] }, facts)).toBe(true);
    expect(conditionsHold({ all: [yes, yes], any: [] }, facts)).toBe(true);
    expect(conditionsHold({ all: [yes, no], any: [] }, facts)).toBe(false);
    expect(conditionsHold({ all: [yes], any: [no, yes] }, facts)).toBe(true);
    expect(conditionsHold({ all: [yes], any: [no, no] }, facts)).toBe(false);
    expect(conditionsHold({ all: [], any: [no] }, facts)).toBe(false);
  });
});

describe('sla state', () => {
  const now = new Date('2026-06-10T12:00:00Z');
  const at = (iso: string) => new Date(iso);
  it('a clock is breached past due (or marked), warning past its warn time (or marked), else ok', () => {
    expect(clockState({ dueAt: at('2026-06-10T13:00:00Z'), warnAt: at('2026-06-10T12:30:00Z'), warnedAt: null, breachedAt: null }, now)).toBe('ok');
    expect(clockState({ dueAt: at('2026-06-10T13:00:00Z'), warnAt: at('2026-06-10T11:30:00Z'), warnedAt: null, breachedAt: null }, now)).toBe('warning');
    expect(clockState({ dueAt: at('2026-06-10T13:00:00Z'), warnAt: null, warnedAt: at('2026-06-10T11:00:00Z'), breachedAt: null }, now)).toBe('warning');
    expect(clockState({ dueAt: at('2026-06-10T11:59:00Z'), warnAt: null, warnedAt: null, breachedAt: null }, now)).toBe('breached');
    expect(clockState({ dueAt: null, warnAt: null, warnedAt: null, breachedAt: at('2026-06-09T00:00:00Z') }, now)).toBe('breached');
    // A paused clock (no due time) that never warned is ok.
    expect(clockState({ dueAt: null, warnAt: null, warnedAt: null, breachedAt: null }, now)).toBe('ok');
  });
  it('the ticket takes the worst of its running clocks', () => {
    expect(worstSlaState([])).toBe('ok');
    expect(worstSlaState(['ok', 'warning'])).toBe('warning');
    expect(worstSlaState(['warning', 'breached', 'ok'])).toBe('breached');
  });
});

describe('planning actions', () => {
  const ticket: TicketState = { status: 'open', priority: 'normal', teamId: null, assigneeId: agentA, tags: ['b', 'a'] };

  it('records only real changes, from what the ticket has now', () => {
    const plan = planActions(
      [
        { type: 'set_status', status: 'pending' },
        { type: 'set_priority', priority: 'normal' },
        { type: 'assign_team', teamId: teamA },
        { type: 'assign_agent', userId: null },
        { type: 'add_tags', tags: ['c', 'a'] },
        { type: 'remove_tags', tags: ['b', 'zzz'] },
      ],
      ticket,
    );
    expect(plan.changes).toEqual({
      status: { from: 'open', to: 'pending' },
      teamId: { from: null, to: teamA },
      assigneeId: { from: agentA, to: null },
      tags: { from: ['a', 'b'], to: ['a', 'c'] },
    });
    expect(plan.notes).toEqual([]);
    expect(isEmptyPlan(plan)).toBe(false);
  });

  it('leaves the assignment of a ticket a person routed by hand alone, and says so', () => {
    const plan = planActions(
      [
        { type: 'assign_team', teamId: teamA },
        { type: 'assign_agent', userId: null },
        { type: 'set_priority', priority: 'high' },
      ],
      { ...ticket, autoRouting: false },
    );
    expect(plan.changes).toEqual({ priority: { from: 'normal', to: 'high' } });
    expect(plan.held).toEqual(['assign_team', 'assign_agent']);
    const heldOnly = planActions([{ type: 'assign_agent', userId: null }], { ...ticket, autoRouting: false });
    expect(isEmptyPlan(heldOnly)).toBe(true);
  });

  it('setting what the ticket already has changes nothing', () => {
    const plan = planActions(
      [
        { type: 'set_status', status: 'open' },
        { type: 'set_priority', priority: 'normal' },
        { type: 'assign_agent', userId: agentA },
        { type: 'add_tags', tags: ['a'] },
        { type: 'remove_tags', tags: ['missing'] },
      ],
      ticket,
    );
    expect(plan.changes).toEqual({});
    expect(isEmptyPlan(plan)).toBe(true);
  });

  it('later actions see earlier ones; notes and notifications are always planned', () => {
    const plan = planActions(
      [
        { type: 'set_priority', priority: 'urgent' },
        { type: 'set_priority', priority: 'normal' },
        { type: 'add_tags', tags: ['x'] },
        { type: 'remove_tags', tags: ['x'] },
        { type: 'add_note', text: 'Checked by the robot' },
        { type: 'notify', to: 'leads', text: 'Look at this' },
      ],
      ticket,
    );
    expect(plan.changes).toEqual({});
    expect(plan.notes).toEqual(['Checked by the robot']);
    expect(plan.notifications).toEqual([{ to: 'leads', text: 'Look at this' }]);
    expect(isEmptyPlan(plan)).toBe(false);
  });
});

describe('reverting a run', () => {
  it('puts back each field still holding what the run set, tags one by one', () => {
    const run = {
      status: { from: 'open', to: 'pending' },
      priority: { from: 'high', to: 'normal' },
      assigneeId: { from: agentA, to: null },
      tags: { from: ['a', 'b'], to: ['a', 'c'] },
      notes: [{ noteId: 'n', text: 'x' }],
    };
    // Since the run, a person set the priority to urgent and removed tag c themselves.
    const now: TicketState = { status: 'pending', priority: 'urgent', teamId: null, assigneeId: null, tags: ['a'] };
    const { values, reverted } = planRevert(run, now);
    expect(values).toEqual({ status: 'open', assigneeId: agentA, addTags: ['b'] });
    expect(reverted).toEqual(['status', 'assigneeId', 'tags']);
  });

  it('has nothing to revert when every field moved on', () => {
    const { values, reverted } = planRevert({ priority: { from: 'high', to: 'normal' } }, { status: 'open', priority: 'low', teamId: null, assigneeId: null, tags: [] });
    expect(values).toEqual({});
    expect(reverted).toEqual([]);
  });
});

describe('referenced ids', () => {
  it('lists every team and member an automation names, with its path', () => {
    expect(
      referencedIds(
        { all: [{ field: 'team', operator: 'is', value: teamA }, { field: 'team', operator: 'is', value: null }], any: [{ field: 'assignee', operator: 'is_not', value: agentA }] },
        [{ type: 'set_priority', priority: 'low' }, { type: 'assign_team', teamId: teamA }, { type: 'assign_agent', userId: null }],
      ),
    ).toEqual({
      teams: [
        { id: teamA, path: 'conditions.all.0.value' },
        { id: teamA, path: 'actions.1.teamId' },
      ],
      users: [{ id: agentA, path: 'conditions.any.0.value' }],
    });
  });
});

describe('repeated notes and notifications', () => {
  it('the same note or notification of a recent run is a no-op; field changes are kept', () => {
    const plan = planActions(
      [
        { type: 'set_priority', priority: 'high' },
        { type: 'add_note', text: 'VIP' },
        { type: 'add_note', text: 'New text' },
        { type: 'notify', to: 'leads', text: 'Look' },
        { type: 'notify', to: 'team', text: 'Look' },
      ],
      { status: 'open', priority: 'normal', teamId: null, assigneeId: null, tags: [] },
    );
    const recent = [{ notes: [{ noteId: 'n1', text: 'VIP' }], notifications: [{ to: 'leads', text: 'Look', userIds: [] }] }, { priority: { from: 'low', to: 'normal' } }];
    const kept = withoutRepeats(plan, recent);
    expect(kept.changes).toEqual({ priority: { from: 'normal', to: 'high' } });
    expect(kept.notes).toEqual(['New text']);
    expect(kept.notifications).toEqual([{ to: 'team', text: 'Look' }]);
    expect(isEmptyPlan(withoutRepeats(planActions([{ type: 'add_note', text: 'VIP' }], { status: 'open', priority: 'normal', teamId: null, assigneeId: null, tags: [] }), recent))).toBe(true);
  });
});
