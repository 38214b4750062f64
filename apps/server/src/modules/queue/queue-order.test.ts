import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  maxTierCreditMinutes,
  minPriorityTargetMinutes,
  priorityTargetMinutes,
  queueKey,
  queueKeyMs,
  tierCreditMinutes,
  type QueuePriority,
  type QueueTier,
} from './queue-order.ts';

const minute = 60_000;
const base = Date.parse('2026-05-01T12:00:00Z');
const priorities: QueuePriority[] = ['low', 'normal', 'high', 'urgent'];
const tiers: QueueTier[] = ['standard', 'priority', 'enterprise'];

const priority = fc.constantFrom(...priorities);
const tier = fc.constantFrom(...tiers);
/** Arrival times within a year around `base`, to the millisecond. */
const arrival = fc.integer({ min: -365 * 24 * 60 * minute, max: 365 * 24 * 60 * minute }).map((offset) => new Date(base + offset));
const maybeDue = fc.option(arrival, { nil: null });

describe('queueKey (P17: fair queue order)', () => {
  it('is the priority target after arrival, less the tier credit, without an SLA', () => {
    const waitingSince = new Date(base);
    expect(queueKey({ priority: 'normal', tier: 'standard', waitingSince, replyDueAt: null })).toEqual(new Date(base + 8 * 60 * minute));
    expect(queueKey({ priority: 'urgent', tier: 'enterprise', waitingSince, replyDueAt: null })).toEqual(new Date(base + 30 * minute));
    expect(queueKey({ priority: 'high', tier: 'priority', waitingSince, replyDueAt: null })).toEqual(new Date(base + (240 - 15) * minute));
  });

  it('takes an earlier SLA reply due time, never a later one', () => {
    const waitingSince = new Date(base);
    const soon = new Date(base + 20 * minute);
    const late = new Date(base + 48 * 60 * minute);
    expect(queueKey({ priority: 'normal', tier: 'standard', waitingSince, replyDueAt: soon })).toEqual(soon);
    expect(queueKey({ priority: 'normal', tier: 'standard', waitingSince, replyDueAt: late })).toEqual(new Date(base + 8 * 60 * minute));
  });

  it('caps every tier credit', () => {
    for (const value of Object.values(tierCreditMinutes)) expect(value).toBeLessThanOrEqual(maxTierCreditMinutes);
    // The cap must stay below the smallest priority target, or a big customer's ticket could be "due" before it arrived.
    expect(maxTierCreditMinutes).toBeLessThan(minPriorityTargetMinutes);
  });

  it('bounds the tier advantage: same arrival and priority, no SLA, keys differ by at most the cap', () => {
    fc.assert(
      fc.property(arrival, priority, tier, tier, (waitingSince, level, left, right) => {
        const a = queueKeyMs({ priority: level, tier: left, waitingSince, replyDueAt: null });
        const b = queueKeyMs({ priority: level, tier: right, waitingSince, replyDueAt: null });
        expect(Math.abs(a - b)).toBeLessThanOrEqual(maxTierCreditMinutes * minute);
      }),
    );
  });

  it('bounds the tier advantage with the same SLA due time too', () => {
    fc.assert(
      fc.property(arrival, priority, tier, tier, maybeDue, (waitingSince, level, left, right, replyDueAt) => {
        const a = queueKeyMs({ priority: level, tier: left, waitingSince, replyDueAt });
        const b = queueKeyMs({ priority: level, tier: right, waitingSince, replyDueAt });
        expect(Math.abs(a - b)).toBeLessThanOrEqual(maxTierCreditMinutes * minute);
      }),
    );
  });

  it('is monotonic in arrival time: a later arrival never gets an earlier key', () => {
    fc.assert(
      fc.property(arrival, arrival, priority, tier, maybeDue, (first, second, level, kind, replyDueAt) => {
        const [earlier, later] = first.getTime() <= second.getTime() ? [first, second] : [second, first];
        const a = queueKeyMs({ priority: level, tier: kind, waitingSince: earlier, replyDueAt });
        const b = queueKeyMs({ priority: level, tier: kind, waitingSince: later, replyDueAt });
        expect(a).toBeLessThanOrEqual(b);
      }),
    );
  });

  it('respects priority order: same arrival and tier, no SLA, a higher priority comes first', () => {
    fc.assert(
      fc.property(arrival, tier, fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), (waitingSince, kind, left, right) => {
        fc.pre(left !== right);
        const [lower, higher] = left < right ? [priorities[left], priorities[right]] : [priorities[right], priorities[left]];
        if (!lower || !higher) throw new Error('unreachable');
        const lowKey = queueKeyMs({ priority: lower, tier: kind, waitingSince, replyDueAt: null });
        const highKey = queueKeyMs({ priority: higher, tier: kind, waitingSince, replyDueAt: null });
        expect(highKey).toBeLessThan(lowKey);
      }),
    );
  });

  it('never lets a newcomer jump a ticket that has waited its target plus the cap (no starvation)', () => {
    fc.assert(
      fc.property(arrival, priority, tier, fc.integer({ min: 0, max: 7 * 24 * 60 }), priority, tier, (waitingSince, level, kind, extraMinutes, newLevel, newKind) => {
        const waited = priorityTargetMinutes[level] - minPriorityTargetMinutes + maxTierCreditMinutes + extraMinutes;
        const now = waitingSince.getTime() + waited * minute;
        const old = queueKeyMs({ priority: level, tier: kind, waitingSince, replyDueAt: null });
        const newcomer = queueKeyMs({ priority: newLevel, tier: newKind, waitingSince: new Date(now), replyDueAt: null });
        expect(old).toBeLessThanOrEqual(newcomer);
      }),
    );
  });
});
