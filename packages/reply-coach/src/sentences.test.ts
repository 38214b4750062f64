import { describe, expect, it } from 'vitest';
import { findMatches, splitSentences } from './sentences.ts';

describe('splitSentences', () => {
  it('splits on terminators and line breaks with exact offsets', () => {
    const text = 'Hi Mr. Lee, the price is 4.50 EUR. Is that ok?\nThanks';
    const sentences = splitSentences(text);
    expect(sentences.map((sentence) => sentence.text)).toEqual(['Hi Mr. Lee, the price is 4.50 EUR.', 'Is that ok?', 'Thanks']);
    for (const sentence of sentences) expect(text.slice(sentence.start, sentence.end)).toBe(sentence.text);
  });

  it('returns nothing for blank text', () => {
    expect(splitSentences('  \n ')).toEqual([]);
  });
});

describe('findMatches', () => {
  it('keeps offsets when lower-casing changes a character length', () => {
    const text = 'İstanbul: SORRY about that';
    const [match] = findMatches(text, /sorry/);
    expect(match && text.slice(match.start, match.end)).toBe('SORRY');
  });
});
