import { viewCountCap, type ViewCount } from '@rapport/contracts/inbox';
import type { ListTicketsQuery } from '@rapport/contracts/tickets';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { resolveAssigneeFilter } from './assignee-filter.ts';
import { countTicketsCapped, type TicketFilters } from './inbox.queries.ts';

interface CountableView {
  view: string;
  filters: Partial<Omit<ListTicketsQuery, 'cursor' | 'limit'>>;
}

/** Resolves a view's stored filters for this actor ('me' is them), dropping what does not filter (the sort). */
export function countFilters(actor: Actor, filters: CountableView['filters']): Partial<TicketFilters> {
  const { assignee, sort: _sort, ...rest } = filters;
  return { ...rest, assigneeId: resolveAssigneeFilter(actor, assignee) };
}

/** Per-view ticket counts, capped at `viewCountCap` ("999+"), in one database round trip. */
export async function countTicketsInViews(deps: AppDeps, actor: Actor, views: readonly CountableView[]): Promise<ViewCount[]> {
  const counts = await countTicketsCapped(
    deps.db,
    actor.workspaceId,
    views.map((view) => countFilters(actor, view.filters)),
    viewCountCap,
  );
  return views.map((view, index) => {
    const count = counts[index] ?? 0;
    return { view: view.view, count: Math.min(count, viewCountCap), isCapped: count > viewCountCap };
  });
}
