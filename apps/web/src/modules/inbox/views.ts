import type { ViewDto } from '@rapport/contracts/catalogue';
import type { TicketListFilters } from '../../api/query-keys.ts';

export interface InboxView {
  /** Used in the URL: /views/<key> */
  key: string;
  name: string;
  filters: TicketListFilters;
  emptyMessage: string;
}

const unsolved = ['new', 'open', 'pending', 'on_hold'] as const;

/**
 * The basic views every agent has, defined here so they work (and have readable URLs) even
 * before the workspace saves any view of its own.
 */
export const basicViews: readonly InboxView[] = [
  {
    key: 'mine',
    name: 'Mine',
    filters: { assignee: 'me', status: [...unsolved] },
    emptyMessage: 'Nothing assigned to you is waiting. Pick one up from Unassigned.',
  },
  {
    key: 'unassigned',
    name: 'Unassigned',
    filters: { assignee: 'none', status: [...unsolved] },
    emptyMessage: 'Every open ticket has an owner.',
  },
  {
    key: 'open',
    name: 'All open',
    filters: { status: ['new', 'open'] },
    emptyMessage: 'No open tickets. Well done.',
  },
  {
    key: 'pending',
    name: 'Pending',
    filters: { status: ['pending'] },
    emptyMessage: 'No tickets are waiting on a customer.',
  },
  {
    key: 'solved',
    name: 'Solved',
    filters: { status: ['solved'] },
    emptyMessage: 'No solved tickets yet.',
  },
];

export const defaultViewKey = 'mine';

/**
 * Saved views from the server, minus the built-in ones the basic views already cover (the server
 * seeds built-ins with the same names; showing both would list "Mine" twice).
 */
export function savedViewsToShow(views: readonly ViewDto[]): InboxView[] {
  const basicNames = new Set(basicViews.map((view) => view.name.toLowerCase()));
  return views
    .filter((view) => !(view.isBuiltIn && basicNames.has(view.name.toLowerCase())))
    .map((view) => ({
      key: view.id,
      name: view.name,
      filters: view.filters,
      emptyMessage: 'No tickets match this view.',
    }));
}

export function findView(key: string, savedViews: readonly InboxView[]): InboxView | undefined {
  return basicViews.find((view) => view.key === key) ?? savedViews.find((view) => view.key === key);
}
