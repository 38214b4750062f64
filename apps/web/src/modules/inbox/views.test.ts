import { describe, expect, it } from 'vitest';
import type { ViewDto } from '@rapport/contracts/catalogue';
import { basicViews, findView, savedViewsToShow } from './views.ts';

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
  it('hides the workspace\'s built-in rows (the basic views are the built-ins), keeps the rest with their saved view', () => {
    const shown = savedViewsToShow([
      view({ name: 'Mine', isBuiltIn: true }),
      view({ id: '00000000-0000-4000-8000-000000000002', name: 'Pending', isBuiltIn: true }),
      view({ id: '00000000-0000-4000-8000-000000000003', name: 'Refunds' }),
    ]);
    expect(shown.map((item) => item.name)).toEqual(['Refunds']);
    expect(shown[0]?.saved?.id).toBe('00000000-0000-4000-8000-000000000003');
  });

  it('keeps a personal view even when it shares a basic view name', () => {
    expect(savedViewsToShow([view({ name: 'Mine', isBuiltIn: false })])).toHaveLength(1);
  });
});

describe('basicViews', () => {
  it('offers the six built-in views in order with translated names', () => {
    expect(basicViews.map((item) => item.key)).toEqual(['mine', 'unassigned', 'open', 'pending', 'on_hold', 'solved']);
    expect(basicViews.map((item) => item.name)).toEqual(['Mine', 'Unassigned', 'All open', 'Waiting on customer', 'On hold', 'Solved']);
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
