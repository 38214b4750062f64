import { describe, expect, it } from 'vitest';
import { describeNotification } from './notification-text.ts';

describe('describeNotification', () => {
  it('reads an assignment with its actor, number and subject', () => {
    expect(describeNotification({ kind: 'assigned', data: { number: 12, subject: 'Broken grinder', actorName: 'Maria' } })).toEqual({
      title: 'Maria assigned you #12',
      subject: 'Broken grinder',
      excerpt: null,
      ticketNumber: 12,
    });
  });

  it('reads a promise reminder with the promise as its excerpt', () => {
    const view = describeNotification({ kind: 'promise_reminder', data: { number: 12, subject: 'Late parcel', excerpt: 'I will call you tomorrow at 10:00.' } });
    expect(view).toMatchObject({ title: 'Your promise on #12 is due soon', excerpt: 'I will call you tomorrow at 10:00.', ticketNumber: 12 });
  });

  it('reads a mention written with authorName and ticketNumber', () => {
    const view = describeNotification({ kind: 'mention', data: { ticketNumber: 7, subject: 'Refund', authorName: 'Ben', excerpt: '@Ana can you check?' } });
    expect(view).toMatchObject({ title: 'Ben mentioned you on #7', excerpt: '@Ana can you check?', ticketNumber: 7 });
  });

  it('falls back gracefully for unknown kinds and missing names', () => {
    expect(describeNotification({ kind: 'assigned', data: { number: 3 } }).title).toBe('You were assigned #3');
    expect(describeNotification({ kind: 'reply', data: { number: 3 } }).title).toBe('Someone replied on #3');
    expect(describeNotification({ kind: 'escalated', data: {} })).toMatchObject({ title: 'Update on #?', ticketNumber: null });
  });
});
