import { describe, expect, it } from 'vitest';
import type { RealtimeEvent } from '@rapport/contracts/realtime';
import { keysToInvalidate, reconnectDelay } from './realtime-invalidation.ts';

const workspaceId = '00000000-0000-4000-8000-000000000001';
const otherWorkspaceId = '00000000-0000-4000-8000-000000000002';
const ticketId = '00000000-0000-4000-8000-0000000000aa';

function event(overrides: Partial<RealtimeEvent> = {}): RealtimeEvent {
  return {
    type: 'message.created',
    workspaceId,
    ticketId,
    ticketNumber: 42,
    actorId: null,
    at: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}

describe('keysToInvalidate', () => {
  it('refreshes the lists, the ticket under both its number and its id, and the held/quarantined emails', () => {
    expect(keysToInvalidate(workspaceId, [event()])).toEqual([
      ['workspace', workspaceId, 'tickets', 'list'],
      ['workspace', workspaceId, 'tickets', 'detail', '42'],
      ['workspace', workspaceId, 'tickets', 'detail', ticketId],
      ['workspace', workspaceId, 'email', 'inbound'],
    ]);
  });

  it('ignores events of another workspace', () => {
    expect(keysToInvalidate(workspaceId, [event({ workspaceId: otherWorkspaceId })])).toEqual([]);
  });

  it('lists each key once for a burst of events on the same ticket', () => {
    const keys = keysToInvalidate(workspaceId, [event(), event({ type: 'note.created' }), event()]);
    expect(keys).toHaveLength(4);
  });
});

describe('reconnectDelay', () => {
  it('grows with each attempt and stops at 30 seconds', () => {
    const noJitter = () => 1;
    expect(reconnectDelay(0, noJitter)).toBe(1000);
    expect(reconnectDelay(3, noJitter)).toBe(8000);
    expect(reconnectDelay(20, noJitter)).toBe(30_000);
  });

  it('never waits less than half the base delay', () => {
    expect(reconnectDelay(2, () => 0)).toBe(2000);
  });
});
