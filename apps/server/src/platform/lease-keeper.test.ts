import { afterEach, describe, expect, it, vi } from 'vitest';
import { keepLeases, type HeldLease } from './lease-keeper.ts';
import { createLogger } from './logger.ts';

const logger = createLogger({ level: 'silent' });

describe('keepLeases', () => {
  afterEach(() => vi.useRealTimers());

  it('renews every held lease in one call every third of the lease, and forgets released ones', async () => {
    vi.useFakeTimers();
    const calls: HeldLease<number>[][] = [];
    const keeper = keepLeases<number>({ name: 'test', leaseMs: 3_000, logger, renew: async (held) => (calls.push(held), new Map(held.map((lease) => [lease.id, lease.token]))) });
    keeper.hold('a', 1);
    keeper.hold('b', 4);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toEqual([[{ id: 'a', token: 1 }, { id: 'b', token: 4 }]]);
    keeper.release('a');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls[1]).toEqual([{ id: 'b', token: 4 }]);
    // Renewed in time, so still held well past the first lease's end.
    await vi.advanceTimersByTimeAsync(5_000);
    expect(keeper.isHeld('b')).toBe(true);
    keeper.stop();
  });

  it('a lease the renewal did not extend is lost at once; new tokens replace old ones', async () => {
    const keeper = keepLeases<string>({
      name: 'test',
      leaseMs: 60_000,
      logger,
      renew: async (held) => new Map(held.filter((lease) => lease.id !== 'taken').map((lease) => [lease.id, `${lease.token}+`])),
    });
    keeper.hold('kept', 't');
    keeper.hold('taken', 't');
    await keeper.renewNow();
    expect(keeper.isHeld('taken')).toBe(false);
    expect(keeper.token('taken')).toBeUndefined();
    expect(keeper.isHeld('kept')).toBe(true);
    expect(keeper.token('kept')).toBe('t+');
    keeper.stop();
  });

  it('a lease not renewed for its whole length (the database unreachable) no longer counts as held', async () => {
    vi.useFakeTimers();
    const keeper = keepLeases<number>({ name: 'test', leaseMs: 3_000, logger, renew: async () => Promise.reject(new Error('database unreachable')) });
    keeper.hold('a', 1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(keeper.isHeld('a')).toBe(true);
    await vi.advanceTimersByTimeAsync(1_500);
    expect(keeper.isHeld('a')).toBe(false);
    keeper.stop();
  });
});
