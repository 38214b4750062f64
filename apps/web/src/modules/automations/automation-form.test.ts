import { describe, expect, it } from 'vitest';
import { CreateAutomationBody, type AutomationDto } from '@rapport/contracts/automations';
import { ApiError } from '../../api/api-error.ts';
import {
  automationFormErrors,
  bodyFromAutomationForm,
  delayFromMinutes,
  delayToMinutes,
  emptyAction,
  emptyAutomationForm,
  emptyCondition,
  errorAt,
  formFromAutomation,
  moveItem,
  parseTags,
  serverFieldErrors,
  unplacedErrors,
  withField,
  type AutomationForm,
} from './automation-form.ts';

const teamId = '00000000-0000-4000-8000-000000000001';
const userId = '00000000-0000-4000-8000-000000000002';

describe('the delay', () => {
  it('converts the unit people pick to minutes', () => {
    expect(delayToMinutes('3', 'days')).toBe(3 * 24 * 60);
    expect(delayToMinutes(' 2 ', 'hours')).toBe(120);
    expect(delayToMinutes('45', 'minutes')).toBe(45);
  });

  it('refuses what is not a whole number from one minute to a year', () => {
    expect(delayToMinutes('0', 'hours')).toBeNull();
    expect(delayToMinutes('1.5', 'hours')).toBeNull();
    expect(delayToMinutes('-2', 'days')).toBeNull();
    expect(delayToMinutes('', 'days')).toBeNull();
    expect(delayToMinutes('366', 'days')).toBeNull();
    expect(delayToMinutes('365', 'days')).toBe(525_600);
  });

  it('shows minutes in the largest unit that holds them whole', () => {
    expect(delayFromMinutes(2880)).toEqual({ amount: 2, unit: 'days' });
    expect(delayFromMinutes(180)).toEqual({ amount: 3, unit: 'hours' });
    expect(delayFromMinutes(90)).toEqual({ amount: 90, unit: 'minutes' });
    expect(delayFromMinutes(1500)).toEqual({ amount: 25, unit: 'hours' });
  });
});

describe('form → body', () => {
  it('maps an event rule with both condition groups and every kind of action, and the contract accepts it', () => {
    const form: AutomationForm = {
      ...emptyAutomationForm(),
      name: '  Refunds first  ',
      description: ' Fast lane ',
      trigger: 'ticket_created',
      all: [
        { ...emptyCondition('subject'), operator: 'contains', value: ' refund ' },
        { ...emptyCondition('team'), value: '' },
        { ...emptyCondition('assignee'), operator: 'is_not', value: userId },
      ],
      any: [{ ...emptyCondition('priority'), operator: 'above', value: 'normal' }, { ...emptyCondition('language'), value: '' }],
      actions: [
        { ...emptyAction('add_tags'), tags: 'refund, vip,refund, ' },
        { ...emptyAction('set_priority'), priority: 'high' },
        { ...emptyAction('assign_team'), teamId },
        { ...emptyAction('assign_agent'), userId: '' },
        { ...emptyAction('add_note'), text: ' Check the order first. ' },
        { ...emptyAction('notify'), to: 'leads', text: 'A refund came in' },
        { ...emptyAction('set_status'), status: 'pending' },
        { ...emptyAction('remove_tags'), tags: 'spam' },
      ],
    };
    const body = bodyFromAutomationForm(form);
    expect(body).toEqual({
      name: 'Refunds first',
      description: 'Fast lane',
      enabled: true,
      trigger: 'ticket_created',
      time: null,
      conditions: {
        all: [
          { field: 'subject', operator: 'contains', value: 'refund' },
          { field: 'team', operator: 'is', value: null },
          { field: 'assignee', operator: 'is_not', value: userId },
        ],
        any: [
          { field: 'priority', operator: 'above', value: 'normal' },
          { field: 'language', operator: 'is', value: null },
        ],
      },
      actions: [
        { type: 'add_tags', tags: ['refund', 'vip'] },
        { type: 'set_priority', priority: 'high' },
        { type: 'assign_team', teamId },
        { type: 'assign_agent', userId: null },
        { type: 'add_note', text: 'Check the order first.' },
        { type: 'notify', to: 'leads', text: 'A refund came in' },
        { type: 'set_status', status: 'pending' },
        { type: 'remove_tags', tags: ['spam'] },
      ],
    });
    expect(CreateAutomationBody.safeParse(body).success).toBe(true);
  });

  it('sends a time rule with its anchor, delay in minutes and business-hours switch; other triggers send no time', () => {
    const form: AutomationForm = { ...emptyAutomationForm(), name: 'Nudge', trigger: 'time', anchor: 'pending_since', delayAmount: '2', delayUnit: 'days', businessHours: true, actions: [{ ...emptyAction('set_status'), status: 'solved' }] };
    const body = bodyFromAutomationForm(form);
    expect(body.time).toEqual({ anchor: 'pending_since', afterMinutes: 2880, businessHours: true });
    expect(CreateAutomationBody.safeParse(body).success).toBe(true);
    expect(bodyFromAutomationForm({ ...form, trigger: 'customer_replied' }).time).toBeNull();
  });

  it('round-trips an automation from the API', () => {
    const automation: AutomationDto = {
      id: '00000000-0000-4000-8000-0000000000aa',
      name: 'Close quiet tickets',
      description: '',
      enabled: false,
      trigger: 'time',
      time: { anchor: 'solved', afterMinutes: 4320, businessHours: false },
      conditions: { all: [{ field: 'tags', operator: 'excludes', value: 'keep-open' }], any: [{ field: 'team', operator: 'is', value: teamId }] },
      actions: [{ type: 'set_status', status: 'closed' }, { type: 'add_tags', tags: ['auto-closed', 'quiet'] }, { type: 'assign_agent', userId: null }],
      position: 0,
      stats: { runsLast7Days: 0, loopsStoppedLast7Days: 0, lastRunAt: null },
      createdAt: '2026-11-01T10:00:00.000Z',
      updatedAt: '2026-11-01T10:00:00.000Z',
    };
    const form = formFromAutomation(automation);
    expect(form).toMatchObject({ delayAmount: '3', delayUnit: 'days', anchor: 'solved', enabled: false });
    expect(form.actions[1]?.tags).toBe('auto-closed, quiet');
    const body = bodyFromAutomationForm(form);
    expect(body).toEqual({
      name: automation.name,
      description: '',
      enabled: false,
      trigger: 'time',
      time: automation.time,
      conditions: automation.conditions,
      actions: automation.actions,
    });
  });

  it('resets operator and value when a condition changes field', () => {
    const row = { ...emptyCondition('subject'), operator: 'not_contains' as const, value: 'spam' };
    expect(withField(row, 'priority')).toMatchObject({ field: 'priority', operator: 'is', value: 'high' });
    expect(withField(row, 'subject')).toBe(row);
  });

  it('parses comma-separated tags', () => {
    expect(parseTags(' vip, Refund ,, vip,')).toEqual(['vip', 'Refund']);
    expect(parseTags(' , ')).toEqual([]);
  });
});

describe('errors', () => {
  it('names the fields the form can check before sending, by body path', () => {
    const form: AutomationForm = {
      ...emptyAutomationForm(),
      name: ' ',
      trigger: 'time',
      delayAmount: '0',
      all: [{ ...emptyCondition('subject'), value: ' ' }],
      any: [{ ...emptyCondition('tags'), value: 'vip' }],
      actions: [{ ...emptyAction('add_tags'), tags: ' , ' }, { ...emptyAction('notify'), text: '' }, { ...emptyAction('set_priority') }],
    };
    expect(Object.keys(automationFormErrors(form)).sort()).toEqual(['actions.0.tags', 'actions.1.text', 'conditions.all.0.value', 'name', 'time.afterMinutes']);
    expect(Object.keys(automationFormErrors({ ...form, actions: [] }))).toContain('actions');
    expect(automationFormErrors({ ...emptyAutomationForm(), name: 'Fine', actions: [{ ...emptyAction('add_tags'), tags: 'a' }] })).toEqual({});
  });

  it('places the server’s validation issues and AUTOMATION_INVALID details on the fields they name', () => {
    const validation = new ApiError({
      code: 'VALIDATION_FAILED',
      status: 400,
      message: 'Invalid request.',
      details: { issues: [{ path: 'body.conditions.any.1.value', message: 'Too short' }, { path: 'body.name', message: 'Required' }] },
    });
    expect(serverFieldErrors(validation)).toEqual({ 'conditions.any.1.value': 'Too short', name: 'Required' });

    const invalidPath = new ApiError({ code: 'AUTOMATION_INVALID', status: 422, message: 'That team does not exist.', details: { path: ['actions', 2, 'teamId'] } });
    expect(serverFieldErrors(invalidPath)).toEqual({ 'actions.2.teamId': 'That team does not exist.' });
    const invalidFields = new ApiError({ code: 'AUTOMATION_INVALID', status: 422, message: 'Unknown agent.', details: { fields: ['conditions.all.0.value'] } });
    expect(serverFieldErrors(invalidFields)).toEqual({ 'conditions.all.0.value': 'Unknown agent.' });
    const invalidMap = new ApiError({ code: 'AUTOMATION_INVALID', status: 422, message: 'Invalid.', details: { fields: { 'time.afterMinutes': 'Too long' } } });
    expect(serverFieldErrors(invalidMap)).toEqual({ 'time.afterMinutes': 'Too long' });

    expect(serverFieldErrors(new ApiError({ code: 'FORBIDDEN', status: 403, message: 'No.' }))).toEqual({});
    expect(serverFieldErrors(new Error('boom'))).toEqual({});
  });

  it('finds a row’s message below its path, and tells which messages no field shows', () => {
    const errors = { 'actions.2.teamId': 'Unknown team', 'conditions.all.0.value': 'Bad', 'enabled': 'Odd' };
    expect(errorAt(errors, 'actions.2')).toBe('Unknown team');
    expect(errorAt(errors, 'actions.1')).toBeUndefined();
    expect(errorAt(errors, 'conditions.all.0')).toBe('Bad');
    const form = { ...emptyAutomationForm(), all: [emptyCondition()], actions: [emptyAction()] };
    // actions.2 has no row in this form; "enabled" has no message spot.
    expect(unplacedErrors(errors, form).sort()).toEqual(['Odd', 'Unknown team']);
  });
});

describe('order', () => {
  it('swaps an item with its neighbour and leaves the ends alone', () => {
    expect(moveItem(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveItem(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });
});
