import { describe, expect, it } from 'vitest';
import { dispatchStreamNotice, subscribeStream, type StreamNotice } from './realtime-connection.ts';

const workspaceId = '00000000-0000-4000-8000-000000000001';
const ticketId = '00000000-0000-4000-8000-0000000000aa';
const userId = '00000000-0000-4000-8000-0000000000bb';

describe('dispatchStreamNotice', () => {
  it('hands presence and notification messages to subscribers, and nothing else', () => {
    const seen: StreamNotice[] = [];
    const unsubscribe = subscribeStream((notice) => seen.push(notice));
    const presence = { type: 'presence', workspaceId, ticketId, viewers: [{ userId, name: 'Maria', state: 'typing_reply' }], at: '2026-01-01T00:00:00.000Z' };
    const notification = { type: 'notification.created', workspaceId, userId, notificationId: ticketId, ticketId, kind: 'assigned', at: '2026-01-01T00:00:00.000Z' };
    expect(dispatchStreamNotice(presence)).toEqual(presence);
    expect(dispatchStreamNotice(notification)).toEqual(notification);
    expect(dispatchStreamNotice({ type: 'hello', workspaceId })).toBeNull();
    expect(dispatchStreamNotice({ type: 'error', code: 'RATE_LIMITED' })).toBeNull();
    expect(dispatchStreamNotice({ ...presence, viewers: [{ userId, name: 'Maria', state: 'juggling' }] })).toBeNull();
    expect(seen.map((notice) => notice.type)).toEqual(['presence', 'notification.created']);
    unsubscribe();
    dispatchStreamNotice(presence);
    expect(seen).toHaveLength(2);
  });
});
