import { describe, expect, it } from 'vitest';
import { catalogueSections } from './catalogue.ts';
import { t, translate } from './i18n.ts';

describe('message catalogue', () => {
  it('has no key in two sections and no empty string', () => {
    const seen = new Map<string, string>();
    for (const [section, messages] of Object.entries(catalogueSections)) {
      for (const [key, text] of Object.entries(messages as Record<string, string>)) {
        expect(seen.get(key), `${key} in ${section} and ${seen.get(key)}`).toBeUndefined();
        seen.set(key, section);
        expect(text.trim(), key).not.toBe('');
      }
    }
  });

  it('looks up catalogue keys', () => {
    expect(t('common.loading')).toBe('Loading…');
  });

  it('fills placeholders, picks plural forms, and leaves unknown placeholders visible', () => {
    const messages = { 'x.one': '{count} ticket', 'x.other': '{count} tickets', greet: 'Hello {name}, {missing}' };
    expect(translate(messages, 'x', { count: 1 })).toBe('1 ticket');
    expect(translate(messages, 'x', { count: 1200 })).toBe('1,200 tickets');
    expect(translate(messages, 'greet', { name: 'Ada' })).toBe('Hello Ada, {missing}');
    expect(translate(messages, 'nope')).toBe('nope');
  });
});
