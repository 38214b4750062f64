import { describe, expect, it } from 'vitest';
import { describeSlaSummary, formatDuration, joinMinutes, moveId, splitMinutes } from './sla-format.ts';

const now = Date.parse('2026-03-02T10:00:00Z');
const at = (minutesFromNow: number) => new Date(now + minutesFromNow * 60_000).toISOString();

describe('durations', () => {
  it('reads in minutes, hours and days', () => {
    expect(formatDuration(0.4)).toBe('under 1 min');
    expect(formatDuration(42)).toBe('42 min');
    expect(formatDuration(60)).toBe('1 h');
    expect(formatDuration(90)).toBe('1 h 30 min');
    expect(formatDuration(59.6)).toBe('1 h');
    expect(formatDuration(24 * 60)).toBe('1 d');
    expect(formatDuration(27 * 60 + 10)).toBe('1 d 3 h');
    expect(formatDuration(47 * 60 + 50)).toBe('2 d');
    expect(formatDuration(-5)).toBe('under 1 min');
  });
});

describe('SLA summary', () => {
  it('says when a running clock is due, amber in its warning window', () => {
    expect(describeSlaSummary({ metric: 'first_reply', state: 'running', dueAt: at(42), warning: false }, now)).toEqual({ text: 'Reply due in 42 min', tone: 'running' });
    expect(describeSlaSummary({ metric: 'first_reply', state: 'running', dueAt: at(10), warning: true }, now)).toEqual({ text: 'Reply due in 10 min', tone: 'warning' });
    expect(describeSlaSummary({ metric: 'next_reply', state: 'running', dueAt: at(120), warning: false }, now).text).toBe('Next reply due in 2 h');
    expect(describeSlaSummary({ metric: 'resolution', state: 'running', dueAt: at(3 * 24 * 60), warning: false }, now).text).toBe('Resolve within 3 d');
  });

  it('says how long ago a clock was breached, also before the server marks it', () => {
    expect(describeSlaSummary({ metric: 'first_reply', state: 'breached', dueAt: at(-60), warning: true }, now)).toEqual({ text: 'Breached 1 h ago', tone: 'breached' });
    expect(describeSlaSummary({ metric: 'first_reply', state: 'breached', dueAt: null, warning: true }, now)).toEqual({ text: 'Breached', tone: 'breached' });
    expect(describeSlaSummary({ metric: 'first_reply', state: 'running', dueAt: at(-3), warning: true }, now)).toEqual({ text: 'Breached 3 min ago', tone: 'breached' });
  });

  it('ticks with the clock passed in, without new data', () => {
    const sla = { metric: 'first_reply', state: 'running', dueAt: at(42), warning: false } as const;
    expect(describeSlaSummary(sla, now + 60_000).text).toBe('Reply due in 41 min');
  });

  it('names paused and met clocks', () => {
    expect(describeSlaSummary({ metric: 'first_reply', state: 'paused', dueAt: null, warning: false }, now)).toEqual({ text: 'Paused', tone: 'paused' });
    expect(describeSlaSummary({ metric: 'resolution', state: 'met', dueAt: null, warning: false }, now)).toEqual({ text: 'Met', tone: 'met' });
  });
});

describe('target inputs', () => {
  it('splits and joins hours and minutes', () => {
    expect(splitMinutes(90)).toEqual({ hours: '1', minutes: '30' });
    expect(splitMinutes(null)).toEqual({ hours: '', minutes: '' });
    expect(joinMinutes('1', '30')).toBe(90);
    expect(joinMinutes('', '45')).toBe(45);
    expect(joinMinutes('2', '')).toBe(120);
    expect(joinMinutes('1', '60')).toBeNull();
    expect(joinMinutes('-1', '0')).toBeNull();
    expect(joinMinutes('1.5', '0')).toBeNull();
  });
});

describe('policy order', () => {
  it('moves one id up or down, and not past either end', () => {
    expect(moveId(['a', 'b', 'c'], 1, -1)).toEqual(['b', 'a', 'c']);
    expect(moveId(['a', 'b', 'c'], 1, 1)).toEqual(['a', 'c', 'b']);
    expect(moveId(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveId(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });
});
