import { describe, expect, it } from 'vitest';
import { checkDrop, checkEdit, fromZonedInputValue, promiseState, toZonedInputValue } from './promise-logic.ts';

const now = Date.parse('2026-06-10T08:00:00Z');

describe('promiseState', () => {
  it('an open promise past due reads overdue; closed ones read their status', () => {
    expect(promiseState({ status: 'open', dueAt: '2026-06-10T09:00:00Z' }, now)).toBe('open');
    expect(promiseState({ status: 'open', dueAt: '2026-06-10T07:00:00Z' }, now)).toBe('overdue');
    expect(promiseState({ status: 'kept', dueAt: '2026-06-10T07:00:00Z' }, now)).toBe('kept');
    expect(promiseState({ status: 'dropped', dueAt: '2026-06-10T09:00:00Z' }, now)).toBe('dropped');
  });
});

describe('due time in the agent’s zone', () => {
  it('round-trips through the datetime-local value', () => {
    expect(toZonedInputValue('2026-06-11T08:00:00.000Z', 'Europe/Berlin')).toBe('2026-06-11T10:00');
    expect(fromZonedInputValue('2026-06-11T10:00', 'Europe/Berlin')).toBe('2026-06-11T08:00:00.000Z');
    expect(fromZonedInputValue('2026-01-11T10:00', 'Europe/Berlin')).toBe('2026-01-11T09:00:00.000Z');
    expect(fromZonedInputValue('2026-06-11T10:00', 'America/New_York')).toBe('2026-06-11T14:00:00.000Z');
    expect(toZonedInputValue('2026-06-11T00:30:00.000Z', 'UTC')).toBe('2026-06-11T00:30');
  });
  it('refuses what is not a date and time', () => {
    expect(fromZonedInputValue('', 'UTC')).toBeNull();
    expect(fromZonedInputValue('tomorrow', 'UTC')).toBeNull();
    expect(fromZonedInputValue('2026-13-01T10:00', 'UTC')).toBeNull();
  });
});

describe('checkEdit', () => {
  const promise = { text: 'I will call you tomorrow at 10:00.', dueAt: '2026-06-11T10:00:00.000Z' };
  it('sends only what changed, with the reason', () => {
    expect(checkEdit({ text: promise.text, due: '2026-06-11T14:00', reason: ' Asked for the afternoon ' }, promise, 'UTC', now)).toEqual({
      errors: {},
      body: { dueAt: '2026-06-11T14:00:00.000Z', reason: 'Asked for the afternoon' },
    });
    expect(checkEdit({ text: 'I will call you at 11:00.', due: '2026-06-11T10:00', reason: 'Typo' }, promise, 'UTC', now).body).toEqual({ text: 'I will call you at 11:00.', reason: 'Typo' });
  });
  it('needs a reason, a change, a text and a future due time', () => {
    expect(checkEdit({ text: promise.text, due: '2026-06-11T14:00', reason: 'x' }, promise, 'UTC', now).errors).toEqual({ reason: 'promises.error.reason' });
    expect(checkEdit({ text: promise.text, due: '2026-06-11T10:00', reason: 'No change' }, promise, 'UTC', now).errors).toEqual({ text: 'promises.error.nothing' });
    expect(checkEdit({ text: ' ', due: '', reason: 'Why not' }, promise, 'UTC', now).errors).toEqual({ text: 'promises.error.text', due: 'promises.error.due' });
    expect(checkEdit({ text: promise.text, due: '2026-06-09T10:00', reason: 'Earlier' }, promise, 'UTC', now).errors).toEqual({ due: 'promises.error.duePast' });
  });
});

describe('checkDrop', () => {
  it('needs a reason', () => {
    expect(checkDrop('  ').errors).toEqual({ reason: 'promises.error.reason' });
    expect(checkDrop(' Customer cancelled ').body).toEqual({ status: 'dropped', reason: 'Customer cancelled' });
  });
});
