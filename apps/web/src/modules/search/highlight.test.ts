import { describe, expect, it } from 'vitest';
import { splitSnippet } from './highlight.ts';

describe('splitSnippet', () => {
  it('marks the words wrapped in «»', () => {
    expect(splitSnippet('my «parcel» never «arrived» sadly')).toEqual([
      { text: 'my ', isMatch: false },
      { text: 'parcel', isMatch: true },
      { text: ' never ', isMatch: false },
      { text: 'arrived', isMatch: true },
      { text: ' sadly', isMatch: false },
    ]);
  });

  it('keeps markup as text, to be escaped when rendered', () => {
    expect(splitSnippet('<img src=x> «<b>»')).toEqual([
      { text: '<img src=x> ', isMatch: false },
      { text: '<b>', isMatch: true },
    ]);
  });

  it('leaves an unmatched « as plain text', () => {
    expect(splitSnippet('price « 10')).toEqual([{ text: 'price « 10', isMatch: false }]);
  });
});
