import { describe, expect, it } from 'vitest';
import { filterMentionables, insertMention, mentionQueryAt, stillMentioned } from './mentions.ts';

const members = [
  { id: 'a', name: 'Alice Martin', email: 'alice@example.test' },
  { id: 'b', name: 'Bob Alston', email: 'bob@example.test' },
  { id: 'c', name: 'Chen Wei', email: 'al@example.test' },
];

describe('mentionQueryAt', () => {
  it('finds "@query" right before the caret at the start or after a space', () => {
    expect(mentionQueryAt('@al', 3)).toEqual({ start: 0, query: 'al' });
    expect(mentionQueryAt('Ask @Bo about it', 7)).toEqual({ start: 4, query: 'Bo' });
    expect(mentionQueryAt('(@', 2)).toEqual({ start: 1, query: '' });
  });

  it('ignores email addresses and finished mentions', () => {
    expect(mentionQueryAt('mail dana@example', 17)).toBeNull();
    expect(mentionQueryAt('@Alice Martin ', 14)).toBeNull();
  });
});

describe('filterMentionables', () => {
  it('ranks name starts, then word starts, then email starts', () => {
    expect(filterMentionables(members, 'al').map((member) => member.id)).toEqual(['a', 'b', 'c']);
    expect(filterMentionables(members, 'wei').map((member) => member.id)).toEqual(['c']);
    expect(filterMentionables(members, '')).toHaveLength(3);
    expect(filterMentionables(members, 'zz')).toEqual([]);
  });
});

describe('insertMention and stillMentioned', () => {
  it('replaces the query with the full name and keeps only mentions still in the text', () => {
    const inserted = insertMention('Ask @al about it', 4, 7, 'Alice Martin');
    expect(inserted).toEqual({ text: 'Ask @Alice Martin  about it', caret: 18 });
    expect(stillMentioned(inserted.text, [members[0]!, members[1]!])).toEqual(['a']);
  });
});
