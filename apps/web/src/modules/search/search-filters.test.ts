import { describe, expect, it } from 'vitest';
import { apiQueryOf, filtersFromParams, parseRecent, recentLimit, rememberSearch, searchHref } from './search-filters.ts';

describe('search filters in the address', () => {
  it('round-trips query and filters', () => {
    const filters = { status: 'open' as const, assignee: 'me', channel: 'email' as const, createdFrom: '2026-01-01', createdTo: '2026-01-31' };
    const href = searchHref(' refund ', filters);
    expect(href).toBe('/search?q=refund&status=open&assignee=me&channel=email&from=2026-01-01&to=2026-01-31');
    expect(filtersFromParams(new URL(href, 'http://x').searchParams)).toEqual(filters);
  });

  it('drops malformed values instead of sending them', () => {
    const params = new URLSearchParams('q=x&status=bogus&assignee=drop%20table&channel=fax&from=yesterday&to=2026-13-45');
    expect(filtersFromParams(params)).toEqual({});
  });

  it('names the API parameters as the API does', () => {
    expect(apiQueryOf('late order', { createdFrom: '2026-02-01', assignee: 'none' })).toEqual({ q: 'late order', createdFrom: '2026-02-01', assignee: 'none' });
  });
});

describe('recent searches', () => {
  it('keeps each search once, newest first, with a limit', () => {
    let recent: string[] = [];
    for (const query of ['refund', 'late order', 'Refund ', '  ']) recent = rememberSearch(recent, query);
    expect(recent).toEqual(['Refund', 'late order']);
    for (let index = 0; index < 20; index += 1) recent = rememberSearch(recent, `q${index}`);
    expect(recent).toHaveLength(recentLimit);
    expect(recent[0]).toBe('q19');
  });

  it('reads only a list of strings from storage', () => {
    expect(parseRecent('["a",1,"b"]')).toEqual(['a', 'b']);
    expect(parseRecent('{"a":1}')).toEqual([]);
    expect(parseRecent('not json')).toEqual([]);
    expect(parseRecent(null)).toEqual([]);
  });
});
