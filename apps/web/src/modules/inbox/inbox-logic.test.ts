import { describe, expect, it } from 'vitest';
import { bulkFailures } from './bulk-results.ts';
import { keepListed, pageSelection, selectRange, toggleAll, toggleSelected } from './selection.ts';
import { nextSort, parseSort, sortedPath, splitSort } from './sorting.ts';

const ids = ['a', 'b', 'c', 'd', 'e'];

describe('selection', () => {
  it('toggles one row', () => {
    expect([...toggleSelected(new Set(['a']), 'b')]).toEqual(['a', 'b']);
    expect([...toggleSelected(new Set(['a', 'b']), 'a')]).toEqual(['b']);
  });

  it('selects or clears a shift-click range from the anchor, in either direction', () => {
    expect([...selectRange(new Set(), ids, 'b', 'd')].sort()).toEqual(['b', 'c', 'd']);
    expect([...selectRange(new Set(), ids, 'd', 'b')].sort()).toEqual(['b', 'c', 'd']);
    expect([...selectRange(new Set(ids), ids, 'a', 'c')].sort()).toEqual(['d', 'e']);
    // No anchor on the page: a plain toggle.
    expect([...selectRange(new Set(), ids, 'gone', 'c')]).toEqual(['c']);
  });

  it('selects all on the page, then none', () => {
    expect(pageSelection(new Set(), ids)).toBe('none');
    expect(pageSelection(new Set(['a']), ids)).toBe('some');
    const all = toggleAll(new Set(['a']), ids);
    expect(pageSelection(all, ids)).toBe('all');
    expect(toggleAll(all, ids).size).toBe(0);
  });

  it('drops rows a live update removed, keeping the same set when nothing changed', () => {
    const selected = new Set(['a', 'z']);
    expect([...keepListed(selected, ids)]).toEqual(['a']);
    const same = new Set(['a']);
    expect(keepListed(same, ids)).toBe(same);
  });
});

describe('sorting', () => {
  it('parses the URL value with a fallback', () => {
    expect(parseSort('priority_asc', 'updated_desc')).toBe('priority_asc');
    expect(parseSort('sideways', 'updated_desc')).toBe('updated_desc');
    expect(parseSort(null, 'created_asc')).toBe('created_asc');
  });

  it('reverses the current column and starts another descending', () => {
    expect(nextSort('updated_desc', 'updated')).toBe('updated_asc');
    expect(nextSort('updated_asc', 'updated')).toBe('updated_desc');
    expect(nextSort('updated_asc', 'priority')).toBe('priority_desc');
    expect(splitSort('created_asc')).toEqual({ field: 'created', direction: 'asc' });
  });

  it('has one SLA sort, soonest due first, from any column', () => {
    expect(splitSort('sla_due_asc')).toEqual({ field: 'sla', direction: 'asc' });
    expect(nextSort('updated_desc', 'sla')).toBe('sla_due_asc');
    expect(nextSort('sla_due_asc', 'sla')).toBe('sla_due_asc');
    expect(nextSort('sla_due_asc', 'priority')).toBe('priority_desc');
  });

  it('keeps the default sort out of the URL', () => {
    expect(sortedPath('/views/mine', 'updated_desc', 'updated_desc')).toBe('/views/mine');
    expect(sortedPath('/views/mine', 'created_asc', 'updated_desc')).toBe('/views/mine?sort=created_asc');
  });
});

describe('bulk failures', () => {
  it('names each failed ticket by its number with the reason', () => {
    const failures = bulkFailures(
      {
        succeeded: 1,
        failed: 1,
        results: [
          { ticketId: 'a', ok: true, error: null },
          { ticketId: 'b', ok: false, error: { code: 'MERGE_INVALID', message: 'Already merged' } },
        ],
      },
      new Map([['a', 1], ['b', 2]]),
    );
    expect(failures).toEqual([{ ticketId: 'b', number: 2, message: 'Already merged' }]);
  });
});
