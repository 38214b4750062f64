import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countSyllables, fleschKincaidGrade } from './readability.ts';

// The plain form the loop implementation must match exactly.
function referenceSyllables(word: string): number {
  const cleaned = word.toLowerCase().replace(/[^a-z]/g, '');
  if (cleaned.length <= 3) return 1;
  const trimmed = cleaned.replace(/(?:[^laeiouy]es|ed|[^laeiouy]e)$/, '').replace(/^y/, '');
  return Math.max(1, trimmed.match(/[aeiouy]{1,2}/g)?.length ?? 1);
}

describe('countSyllables', () => {
  it.each([['cat', 1], ['table', 2], ['readability', 5], ['cases', 1], ['queueing', 3], ['yesterday', 3]])('counts %s', (word, count) => {
    expect(countSyllables(word)).toBe(referenceSyllables(word));
    expect(countSyllables(word)).toBe(count);
  });

  it('matches the regular-expression form on any word', () => {
    const letters = fc.constantFrom(...'abcdeilosuyzAEY-\''.split(''));
    fc.assert(fc.property(fc.array(letters, { maxLength: 14 }).map((parts) => parts.join('')), (word) => {
      expect(countSyllables(word)).toBe(referenceSyllables(word));
    }), { numRuns: 2000 });
  });
});

describe('fleschKincaidGrade', () => {
  it('rates short plain sentences lower than long formal ones', () => {
    const plain = fleschKincaidGrade(['We sent it today.', 'It will come on Friday.']);
    const formal = fleschKincaidGrade(['Notwithstanding the aforementioned considerations, remediation of the identified deficiencies necessitates comprehensive organisational reconfiguration.']);
    expect(plain).not.toBeNull();
    expect(formal).not.toBeNull();
    expect(plain ?? 0).toBeLessThan(formal ?? 0);
  });

  it('gives no grade for too little text', () => {
    expect(fleschKincaidGrade(['Thanks!'])).toBeNull();
  });
});
