import { describe, expect, it } from 'vitest';
import { parseList, parseMax } from './routing-form.ts';

describe('routing form', () => {
  it('parses lists of languages and skills', () => {
    expect(parseList(' fr, EN;  billing fr ')).toEqual(['fr', 'en', 'billing']);
    expect(parseList('')).toEqual([]);
  });

  it('parses the maximum: empty is no limit, an invalid number leaves it unchanged', () => {
    expect(parseMax('')).toBeNull();
    expect(parseMax(' 5 ')).toBe(5);
    expect(parseMax('0')).toBeUndefined();
    expect(parseMax('2.5')).toBeUndefined();
  });
});
