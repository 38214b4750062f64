import { builtInInboxViews, type BuiltInInboxViewKey } from '@rapport/contracts/inbox';
import type { ViewDto } from '@rapport/contracts/catalogue';
import type { TicketListFilters } from '../../api/query-keys.ts';
import { t } from '../../i18n/i18n.ts';

export interface InboxView {
  /** Used in the URL: /views/<key> */
  key: string;
  name: string;
  filters: TicketListFilters;
  emptyMessage: string;
  /** The saved view behind it (custom views only): what the editor changes. */
  saved?: ViewDto;
}

const builtInText: Record<BuiltInInboxViewKey, { name: () => string; empty: () => string }> = {
  mine: { name: () => t('inbox.view.mine'), empty: () => t('inbox.empty.mine') },
  unassigned: { name: () => t('inbox.view.unassigned'), empty: () => t('inbox.empty.unassigned') },
  open: { name: () => t('inbox.view.open'), empty: () => t('inbox.empty.open') },
  pending: { name: () => t('inbox.view.pending'), empty: () => t('inbox.empty.pending') },
  on_hold: { name: () => t('inbox.view.on_hold'), empty: () => t('inbox.empty.on_hold') },
  solved: { name: () => t('inbox.view.solved'), empty: () => t('inbox.empty.solved') },
};

/**
 * The built-in views every agent has (defined in contracts, so the server counts the same
 * filters), with readable URLs.
 */
export const basicViews: readonly InboxView[] = builtInInboxViews.map((view) => ({
  key: view.key,
  name: builtInText[view.key].name(),
  filters: { ...view.filters, ...('status' in view.filters ? { status: [...view.filters.status] } : {}) },
  emptyMessage: builtInText[view.key].empty(),
}));

export const defaultViewKey = 'mine';

/**
 * Saved views from the server, minus the workspace's built-in rows (the basic views above are
 * the built-ins; showing both would list "Mine" twice).
 */
export function savedViewsToShow(views: readonly ViewDto[]): InboxView[] {
  return views
    .filter((view) => !view.isBuiltIn)
    .map((view) => ({
      key: view.id,
      name: view.name,
      filters: view.filters,
      emptyMessage: t('inbox.empty.saved'),
      saved: view,
    }));
}

export function findView(key: string, savedViews: readonly InboxView[]): InboxView | undefined {
  return basicViews.find((view) => view.key === key) ?? savedViews.find((view) => view.key === key);
}
