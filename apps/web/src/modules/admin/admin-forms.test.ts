import { describe, expect, it } from 'vitest';
import { generatePassword, parseLanguages, parseOptions } from './admin-forms.ts';

describe('admin form helpers', () => {
  it('parses language codes', () => {
    expect(parseLanguages(' en, DE ,fr;de ')).toEqual(['en', 'de', 'fr']);
    expect(parseLanguages('')).toEqual([]);
  });

  it('parses select options one per line', () => {
    expect(parseOptions('Free\n  Pro \n\nPro\nTeam')).toEqual(['Free', 'Pro', 'Team']);
  });

  it('generates passwords long enough for the server, from an unambiguous alphabet', () => {
    const password = generatePassword();
    expect(password).toHaveLength(16);
    expect(password).toMatch(/^[a-km-zA-HJ-NP-Z2-9]+$/);
    expect(generatePassword()).not.toBe(password);
  });

  it('rejects biased bytes instead of wrapping them', () => {
    let call = 0;
    // First batch: only bytes above the rejection limit; then all zeros → the first alphabet letter.
    const password = generatePassword(4, (bytes) => bytes.fill(call++ === 0 ? 255 : 0));
    expect(password).toBe('aaaa');
  });
});
