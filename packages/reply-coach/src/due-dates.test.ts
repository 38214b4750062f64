import { describe, expect, it } from 'vitest';
import { resolveDue } from './due-dates.ts';

// Friday 27 March 2026, 10:00 UTC; Berlin switches to summer time on Sunday 29 March.
const NOW = '2026-03-27T10:00:00Z';

describe('resolveDue', () => {
  it('resolves "tomorrow" to the end of the working day in the zone', () => {
    expect(resolveDue('I will call you tomorrow.', NOW, 'Europe/Berlin')).toBe('2026-03-28T16:00:00.000Z');
  });

  it('keeps local wall time across the DST change', () => {
    // Monday 30 March is summer time in Berlin (UTC+2), so 17:00 local is 15:00 UTC.
    expect(resolveDue('We will ship it by Monday.', NOW, 'Europe/Berlin')).toBe('2026-03-30T15:00:00.000Z');
  });

  it('reads "Friday" on a Friday as today and "next Friday" as a week later', () => {
    expect(resolveDue('It will be sent by Friday.', NOW, 'UTC')).toBe('2026-03-27T17:00:00.000Z');
    expect(resolveDue('It will be sent next Friday.', NOW, 'UTC')).toBe('2026-04-03T17:00:00.000Z');
  });

  it('adds business days, skipping the weekend', () => {
    expect(resolveDue('You will hear from us within 2 business days.', NOW, 'UTC')).toBe('2026-03-31T17:00:00.000Z');
  });

  it('adds hours to now', () => {
    expect(resolveDue('I will reply within 24 hours.', NOW, 'UTC')).toBe('2026-03-28T10:00:00.000Z');
  });

  it('uses an explicit time later today, or tomorrow once it has passed', () => {
    expect(resolveDue('I will call at 3pm.', NOW, 'UTC')).toBe('2026-03-27T15:00:00.000Z');
    expect(resolveDue('I will call at 9am.', NOW, 'UTC')).toBe('2026-03-28T09:00:00.000Z');
  });

  it('resolves a month and day, rolling into next year once past', () => {
    expect(resolveDue('We will send it on April 2nd.', NOW, 'UTC')).toBe('2026-04-02T17:00:00.000Z');
    expect(resolveDue('We will send it on 3 January.', NOW, 'UTC')).toBe('2027-01-03T17:00:00.000Z');
  });

  it('gives nothing without a time, without now, or with a bad now', () => {
    expect(resolveDue('I will look into it.', NOW, 'UTC')).toBeUndefined();
    expect(resolveDue('I will call you tomorrow.', undefined, 'UTC')).toBeUndefined();
    expect(resolveDue('I will call you tomorrow.', 'not a date', 'UTC')).toBeUndefined();
  });

  it('falls back to UTC for an unknown zone', () => {
    expect(resolveDue('I will call you tomorrow.', NOW, 'Mars/Olympus')).toBe('2026-03-28T17:00:00.000Z');
  });
});
