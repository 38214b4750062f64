import { describe, expect, it } from 'vitest';
import type { RealtimeEvent } from '@rapport/contracts/realtime';
import { createEventBatcher, keysToInvalidate, reconnectDelay, type BatchTimers } from './realtime-invalidation.ts';

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

/** A hand-driven clock: `advance` runs the timers that fall due, in order. */
function manualTimers() {
  let now = 0;
  let nextHandle = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();
  const api: BatchTimers = {
    set: (callback, ms) => {
      const handle = nextHandle++;
      timers.set(handle, { at: now + ms, callback });
      return handle;
    },
    clear: (handle) => void timers.delete(handle),
  };
  function advance(ms: number) {
    const until = now + ms;
    for (;;) {
      const due = [...timers.entries()].filter(([, timer]) => timer.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      timers.delete(due[0]);
      now = due[1].at;
      due[1].callback();
    }
    now = until;
  }
  return { api, advance, pendingTimers: () => timers.size };
}

describe('createEventBatcher', () => {
  function setup() {
    const clock = manualTimers();
    const flushed: string[][] = [];
    const batcher = createEventBatcher<string>((events) => flushed.push(events), 150, clock.api);
    return { clock, flushed, batcher };
  }

  it('flushes the first event after a quiet spell at once', () => {
    const { flushed, batcher } = setup();
    batcher.push('a');
    expect(flushed).toEqual([['a']]);
  });

  it('coalesces the events of the following window into one trailing flush', () => {
    const { clock, flushed, batcher } = setup();
    batcher.push('a');
    clock.advance(20);
    batcher.push('b');
    clock.advance(50);
    batcher.push('c');
    expect(flushed).toEqual([['a']]);
    clock.advance(79);
    expect(flushed).toEqual([['a']]);
    clock.advance(1);
    expect(flushed).toEqual([['a'], ['b', 'c']]);
  });

  it('keeps batching while a burst goes on: at most one flush per window', () => {
    const { clock, flushed, batcher } = setup();
    for (let tick = 0; tick < 10; tick += 1) {
      batcher.push(`e${tick}`);
      clock.advance(40);
    }
    clock.advance(1000);
    expect(flushed[0]).toEqual(['e0']);
    expect(flushed.flat()).toEqual(Array.from({ length: 10 }, (_, tick) => `e${tick}`));
    expect(flushed.length).toBeLessThanOrEqual(1 + Math.ceil(400 / 150));
  });

  it('flushes at once again after a window passes with nothing in it', () => {
    const { clock, flushed, batcher } = setup();
    batcher.push('a');
    clock.advance(150);
    expect(flushed).toEqual([['a']]);
    batcher.push('b');
    expect(flushed).toEqual([['a'], ['b']]);
  });

  it('drops pending events and stops its timer when disposed', () => {
    const { clock, flushed, batcher } = setup();
    batcher.push('a');
    batcher.push('b');
    batcher.dispose();
    clock.advance(1000);
    expect(flushed).toEqual([['a']]);
    expect(clock.pendingTimers()).toBe(0);
  });
});
