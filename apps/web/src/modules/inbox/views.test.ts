import { describe, expect, it } from 'vitest';
import type { ViewDto } from '@rapport/contracts/catalogue';
import { findView, savedViewsToShow } from './views.ts';

function view(overrides: Partial<ViewDto>): ViewDto {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    name: 'Refunds',
    filters: { tag: 'refund' },
    isShared: true,
    isBuiltIn: false,
    ownerId: null,
    ...overrides,
  };
}

describe('savedViewsToShow', () => {
  it('hides built-in views the basic views already cover, keeps the rest', () => {
    const shown = savedViewsToShow([
      view({ name: 'Mine', isBuiltIn: true }),
      view({ id: '00000000-0000-4000-8000-000000000002', name: 'On hold', isBuiltIn: true }),
      view({ id: '00000000-0000-4000-8000-000000000003', name: 'Refunds' }),
    ]);
    expect(shown.map((item) => item.name)).toEqual(['On hold', 'Refunds']);
  });

  it('keeps a personal view even when it shares a basic view name', () => {
    expect(savedViewsToShow([view({ name: 'Mine', isBuiltIn: false })])).toHaveLength(1);
  });
});

describe('findView', () => {
  it('finds basic views by key and saved views by id', () => {
    const saved = savedViewsToShow([view({})]);
    expect(findView('mine', saved)?.filters).toEqual({ assignee: 'me', status: ['new', 'open', 'pending', 'on_hold'] });
    expect(findView('00000000-0000-4000-8000-000000000001', saved)?.name).toBe('Refunds');
    expect(findView('nope', saved)).toBeUndefined();
  });
});
