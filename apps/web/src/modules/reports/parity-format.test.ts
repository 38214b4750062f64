import { describe, expect, it } from 'vitest';
import { barWidths, durationParts } from './parity-format.ts';

describe('parity report formatting', () => {
  it('reads durations in minutes, hours or days', () => {
    expect(durationParts(12.4)).toEqual({ value: '12', unit: 'minutes' });
    expect(durationParts(150)).toEqual({ value: '2.5', unit: 'hours' });
    expect(durationParts(3 * 1440)).toEqual({ value: '3.0', unit: 'days' });
  });
  it('scales bars to the largest value', () => {
    expect(barWidths([30, 60, null])).toEqual([50, 100, 0]);
    expect(barWidths([null, null])).toEqual([0, 0]);
    expect(barWidths([0.1, 100])).toEqual([1, 100]);
  });
});
