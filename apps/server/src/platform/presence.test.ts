import { describe, expect, it } from 'vitest';
import { PresenceRegistry, RateLimiter, type PresenceSignal } from './presence.ts';
import { isForSocket } from './stream.ts';
import type { Actor } from './actor.ts';

const ws = '00000000-0000-4000-8000-0000000000a1';
const ticket = '00000000-0000-4000-8000-0000000000b1';
const other = '00000000-0000-4000-8000-0000000000b2';
const maria = '00000000-0000-4000-8000-0000000000c1';
const ben = '00000000-0000-4000-8000-0000000000c2';

const set = (connectionId: string, userId: string, name: string, state: 'viewing' | 'typing_reply' | 'typing_note', ticketId = ticket): PresenceSignal => ({
  op: 'set',
  workspaceId: ws,
  ticketId,
  connectionId,
  userId,
  name,
  state,
  at: 0,
});

describe('PresenceRegistry', () => {
  it('lists one row per person, with their busiest tab', () => {
    const registry = new PresenceRegistry();
    registry.apply(set('m1', maria, 'Maria', 'viewing'), 0);
    registry.apply(set('m2', maria, 'Maria', 'typing_reply'), 0);
    registry.apply(set('b1', ben, 'Ben', 'typing_note'), 0);
    expect(registry.viewers(ws, ticket)).toEqual([
      { userId: ben, name: 'Ben', state: 'typing_note' },
      { userId: maria, name: 'Maria', state: 'typing_reply' },
    ]);
  });

  it('reports a change only when something visible changed, and both tickets when moving', () => {
    const registry = new PresenceRegistry();
    expect(registry.apply(set('m1', maria, 'Maria', 'viewing'), 0)).toEqual([{ workspaceId: ws, ticketId: ticket }]);
    expect(registry.apply(set('m1', maria, 'Maria', 'viewing'), 1000)).toEqual([]); // a heartbeat
    expect(registry.apply(set('m1', maria, 'Maria', 'viewing', other), 2000)).toEqual([
      { workspaceId: ws, ticketId: ticket },
      { workspaceId: ws, ticketId: other },
    ]);
    expect(registry.viewers(ws, ticket)).toEqual([]);
  });

  it('drops a closed connection at once and a silent one after the TTL', () => {
    const registry = new PresenceRegistry();
    registry.apply(set('m1', maria, 'Maria', 'viewing'), 0);
    registry.apply(set('b1', ben, 'Ben', 'viewing'), 20_000);
    expect(registry.apply({ op: 'drop', workspaceId: '00000000-0000-4000-8000-0000000000ff', connectionId: 'm1' }, 0)).toEqual([]); // another workspace cannot drop it
    expect(registry.expire(29_000, 30_000)).toEqual([]);
    expect(registry.expire(31_000, 30_000)).toEqual([{ workspaceId: ws, ticketId: ticket }]);
    expect(registry.viewers(ws, ticket).map((viewer) => viewer.name)).toEqual(['Ben']);
    expect(registry.apply({ op: 'drop', workspaceId: ws, connectionId: 'b1' }, 31_000)).toEqual([{ workspaceId: ws, ticketId: ticket }]);
    expect(registry.size).toBe(0);
  });
});

describe('RateLimiter', () => {
  it('allows a burst, then refills over time', () => {
    const limiter = new RateLimiter(3, 1, 0);
    expect([limiter.take(0), limiter.take(0), limiter.take(0), limiter.take(0)]).toEqual([true, true, true, false]);
    expect(limiter.take(500)).toBe(false);
    expect(limiter.take(1000)).toBe(true);
  });
});

describe('isForSocket', () => {
  const actor: Actor = { workspaceId: ws, userId: maria, role: 'agent', via: 'session' };
  const at = new Date(0).toISOString();

  it('sends a notification only to its recipient, presence only to viewers of that ticket', () => {
    const notification = { type: 'notification.created' as const, workspaceId: ws, userId: ben, notificationId: ticket, ticketId: null, kind: 'assigned', at };
    expect(isForSocket(notification, actor, null)).toBe(false);
    expect(isForSocket({ ...notification, userId: maria }, actor, null)).toBe(true);
    const presence = { type: 'presence' as const, workspaceId: ws, ticketId: ticket, viewers: [], at };
    expect(isForSocket(presence, actor, other)).toBe(false);
    expect(isForSocket(presence, actor, ticket)).toBe(true);
    const change = { type: 'ticket.updated' as const, workspaceId: ws, ticketId: ticket, ticketNumber: 1, actorId: null, at };
    expect(isForSocket(change, actor, null)).toBe(true);
    expect(isForSocket({ ...change, workspaceId: other }, actor, null)).toBe(false);
  });
});
