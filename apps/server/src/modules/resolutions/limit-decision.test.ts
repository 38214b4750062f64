/** The limit decision and the period start: exact decimals, each limit, admins, and local periods. */
import { describe, expect, it } from 'vitest';
import { startOfLocalPeriod } from '@rapport/business-time/business-time';
import { decideWithinLimit, fitsWithin, formatMoney, isPositive, remainingInPeriod } from './limit-decision.ts';

const limit = { perAction: '50.00', perPeriod: '200.00' };

describe('decideWithinLimit', () => {
  it('approves up to and including the per-action limit', () => {
    expect(decideWithinLimit({ amount: '50.00', limit, unlimited: false, usedInPeriod: '0' })).toEqual({ withinLimit: true });
    expect(decideWithinLimit({ amount: '50.01', limit, unlimited: false, usedInPeriod: '0' })).toEqual({ withinLimit: false, reason: 'above_per_action' });
  });

  it('counts what was used in the period, exactly', () => {
    expect(decideWithinLimit({ amount: '50', limit, unlimited: false, usedInPeriod: '150' })).toEqual({ withinLimit: true });
    expect(decideWithinLimit({ amount: '0.01', limit, unlimited: false, usedInPeriod: '200.00' })).toEqual({ withinLimit: false, reason: 'above_period' });
    // With floats 0.1 + 0.2 > 0.3; with decimals it is exactly the limit.
    expect(decideWithinLimit({ amount: '0.20', limit: { perAction: '0.30', perPeriod: '0.30' }, unlimited: false, usedInPeriod: '0.10' })).toEqual({ withinLimit: true });
  });

  it('has no period check without a period limit', () => {
    expect(decideWithinLimit({ amount: '50', limit: { perAction: '50', perPeriod: null }, unlimited: false, usedInPeriod: '999999' })).toEqual({ withinLimit: true });
  });

  it('asks for approval without a row, unless the person is unlimited (an admin without a row)', () => {
    expect(decideWithinLimit({ amount: '1', limit: null, unlimited: false, usedInPeriod: '0' })).toEqual({ withinLimit: false, reason: 'no_limit' });
    expect(decideWithinLimit({ amount: '100000', limit: null, unlimited: true, usedInPeriod: '0' })).toEqual({ withinLimit: true });
    // A row binds an admin too.
    expect(decideWithinLimit({ amount: '60', limit, unlimited: true, usedInPeriod: '0' })).toEqual({ withinLimit: false, reason: 'above_per_action' });
  });
});

describe('money helpers', () => {
  it('computes the remaining allowance, never below zero', () => {
    expect(remainingInPeriod('200.00', '30.10')).toBe('169.90');
    expect(remainingInPeriod('0.30', '0.10')).toBe('0.20');
    expect(remainingInPeriod('100', '150')).toBe('0.00');
    expect(remainingInPeriod(null, '150')).toBeNull();
  });

  it('formats, compares and checks amounts as decimals', () => {
    expect(formatMoney('12.5')).toBe('12.50');
    expect(isPositive('0.00')).toBe(false);
    expect(isPositive('0.01')).toBe(true);
    expect(fitsWithin('50.00', '50')).toBe(true);
    expect(fitsWithin('50.01', '50')).toBe(false);
    expect(fitsWithin('1000000', null)).toBe(true);
  });
});

describe('startOfLocalPeriod', () => {
  // Tuesday 2026-03-03 00:30 in Berlin is still Monday 23:30 UTC.
  const at = new Date('2026-03-02T23:30:00.000Z');

  it('starts the day, the ISO week (Monday) and the month in the workspace zone', () => {
    expect(startOfLocalPeriod('Europe/Berlin', at, 'day').toISOString()).toBe('2026-03-02T23:00:00.000Z');
    expect(startOfLocalPeriod('Europe/Berlin', at, 'week').toISOString()).toBe('2026-03-01T23:00:00.000Z');
    expect(startOfLocalPeriod('Europe/Berlin', at, 'month').toISOString()).toBe('2026-02-28T23:00:00.000Z');
    expect(startOfLocalPeriod('UTC', at, 'day').toISOString()).toBe('2026-03-02T00:00:00.000Z');
    expect(startOfLocalPeriod('UTC', at, 'month').toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });

  it('reads an invalid zone as UTC', () => {
    expect(startOfLocalPeriod('Not/AZone', at, 'week').toISOString()).toBe('2026-03-02T00:00:00.000Z');
  });
});
