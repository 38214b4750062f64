import { describe, expect, it } from 'vitest';
import { excerptOf, followerRecipients } from './notification-rules.ts';

describe('excerptOf', () => {
  it('collapses whitespace and keeps short text whole', () => {
    expect(excerptOf('  Hello\n\nthere   friend ')).toBe('Hello there friend');
  });

  it('cuts long text at a word boundary and marks the cut', () => {
    const text = 'The espresso machine leaks water under the boiler every single morning since Tuesday';
    const excerpt = excerptOf(text, 40);
    expect(excerpt.endsWith('…')).toBe(true);
    expect(excerpt.length).toBeLessThanOrEqual(41);
    expect(text.startsWith(excerpt.slice(0, -1))).toBe(true);
    expect(excerpt).toBe('The espresso machine leaks water under…');
  });
});

describe('followerRecipients', () => {
  it('never notifies the actor or anyone told by a more specific notification, and each follower once', () => {
    expect(followerRecipients(['a', 'b', 'c', 'b', 'd'], ['a', null, 'd'])).toEqual(['b', 'c']);
  });

  it('notifies everyone when nobody is excluded (a customer reply has no acting agent)', () => {
    expect(followerRecipients(['a', 'b'], [null, undefined])).toEqual(['a', 'b']);
  });
});
