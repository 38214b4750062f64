import { describe, expect, it } from 'vitest';
import { heartbeatMs, initialsOf, listNames, nextReport, otherViewers, repliedSince, replyingNames, typingIdleMs, type ReporterState } from './presence-rules.ts';

const me = '00000000-0000-4000-8000-000000000001';
const maria = '00000000-0000-4000-8000-000000000002';
const ben = '00000000-0000-4000-8000-000000000003';

describe('nextReport', () => {
  const start: ReporterState = { state: 'viewing', sentAt: 0, lastInputAt: 0 };

  it('sends typing at once, then only as a heartbeat while typing continues', () => {
    const first = nextReport(start, { kind: 'input', mode: 'reply' }, 1000);
    expect(first).toMatchObject({ shouldSend: true, next: { state: 'typing_reply', sentAt: 1000 } });
    const second = nextReport(first.next, { kind: 'input', mode: 'reply' }, 2000);
    expect(second.shouldSend).toBe(false);
    const later = nextReport(second.next, { kind: 'input', mode: 'reply' }, 1000 + heartbeatMs);
    expect(later.shouldSend).toBe(true);
  });

  it('switching to a note is a change and is sent', () => {
    const typing = nextReport(start, { kind: 'input', mode: 'reply' }, 1000).next;
    expect(nextReport(typing, { kind: 'input', mode: 'note' }, 1500)).toMatchObject({ shouldSend: true, next: { state: 'typing_note' } });
  });

  it('falls back to viewing after a pause and keeps a heartbeat while idle', () => {
    const typing = nextReport(start, { kind: 'input', mode: 'reply' }, 1000).next;
    expect(nextReport(typing, { kind: 'tick' }, 1000 + typingIdleMs - 1).shouldSend).toBe(false);
    const idle = nextReport(typing, { kind: 'tick' }, 1000 + typingIdleMs);
    expect(idle).toMatchObject({ shouldSend: true, next: { state: 'viewing' } });
    expect(nextReport(idle.next, { kind: 'tick' }, idle.next.sentAt + heartbeatMs).shouldSend).toBe(true);
  });
});

describe('collision rules', () => {
  const viewers = [
    { userId: me, name: 'Me', state: 'typing_reply' as const },
    { userId: maria, name: 'Maria', state: 'typing_reply' as const },
    { userId: ben, name: 'Ben', state: 'typing_note' as const },
  ];

  it('leaves you out and warns only about replies being typed', () => {
    expect(otherViewers(viewers, me).map((viewer) => viewer.name)).toEqual(['Maria', 'Ben']);
    expect(replyingNames(viewers, me)).toEqual(['Maria']);
  });

  it('names teammates who replied after you opened the ticket, not before, not you, not customers', () => {
    const opened = Date.parse('2026-01-01T10:00:00Z');
    const messages = [
      { direction: 'outbound' as const, author: { type: 'agent', id: maria, name: 'Maria' }, createdAt: '2026-01-01T09:59:00Z' },
      { direction: 'inbound' as const, author: { type: 'customer', id: null, name: 'Cus' }, createdAt: '2026-01-01T10:01:00Z' },
      { direction: 'outbound' as const, author: { type: 'agent', id: me, name: 'Me' }, createdAt: '2026-01-01T10:02:00Z' },
      { direction: 'outbound' as const, author: { type: 'agent', id: ben, name: 'Ben' }, createdAt: '2026-01-01T10:03:00Z' },
      { direction: 'outbound' as const, author: { type: 'agent', id: ben, name: 'Ben' }, createdAt: '2026-01-01T10:04:00Z' },
    ];
    expect(repliedSince(messages, opened, me)).toEqual(['Ben']);
  });

  it('formats names and initials', () => {
    expect(listNames(['Ana', 'Ben', 'Cy'])).toBe('Ana, Ben, and Cy');
    expect(initialsOf('Maria de la Cruz')).toBe('MC');
    expect(initialsOf('ben')).toBe('BE');
    expect(initialsOf('  ')).toBe('?');
  });
});
