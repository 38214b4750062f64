import { describe, expect, it } from 'vitest';
import { createClientLimits, normaliseClientAddress } from './smtp-client-limits.ts';

describe('SMTP per-client limits', () => {
  it('treats an IPv4-mapped IPv6 address as the IPv4 client', () => {
    expect(normaliseClientAddress('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(normaliseClientAddress('2001:db8::1')).toBe('2001:db8::1');
    expect(normaliseClientAddress(null)).toBe('unknown');
  });

  it('counts open connections per address and releases them on close', () => {
    const limits = createClientLimits({ maxConnectionsPerClient: 2, maxMessagesPerClientPerMinute: 10 });
    expect(limits.openConnection('a', '192.0.2.1')).toBe(true);
    expect(limits.openConnection('b', '::ffff:192.0.2.1')).toBe(true);
    expect(limits.openConnection('c', '192.0.2.1')).toBe(false);
    // another client is not affected
    expect(limits.openConnection('d', '192.0.2.2')).toBe(true);
    expect(limits.connectionsOf('192.0.2.1')).toBe(2);
    // a refused connection was never counted: closing it changes nothing
    limits.closeConnection('c');
    expect(limits.connectionsOf('192.0.2.1')).toBe(2);
    limits.closeConnection('a');
    limits.closeConnection('a');
    expect(limits.connectionsOf('192.0.2.1')).toBe(1);
    expect(limits.openConnection('e', '192.0.2.1')).toBe(true);
    limits.closeConnection('b');
    limits.closeConnection('e');
    expect(limits.connectionsOf('192.0.2.1')).toBe(0);
  });

  it('allows a number of messages per address per minute, then again in the next minute', () => {
    let now = 1_000_000;
    const limits = createClientLimits({ maxConnectionsPerClient: 5, maxMessagesPerClientPerMinute: 3, now: () => now });
    expect([1, 2, 3, 4].map(() => limits.takeMessage('192.0.2.1'))).toEqual([true, true, true, false]);
    expect(limits.takeMessage('192.0.2.9')).toBe(true);
    now += 59_999;
    expect(limits.takeMessage('192.0.2.1')).toBe(false);
    now += 1;
    expect(limits.takeMessage('192.0.2.1')).toBe(true);
  });

  it('prunes expired windows so memory stays bounded', () => {
    let now = 0;
    const limits = createClientLimits({ maxConnectionsPerClient: 1, maxMessagesPerClientPerMinute: 1, now: () => now, pruneAbove: 100 });
    for (let index = 0; index < 100; index += 1) limits.takeMessage(`198.51.100.${index}`);
    expect(limits.trackedAddresses).toBe(100);
    now += 60_000;
    limits.takeMessage('203.0.113.1');
    limits.takeMessage('203.0.113.2');
    expect(limits.trackedAddresses).toBeLessThanOrEqual(2);
  });
});
