import { builtInInboxViews, type ViewCountList } from '@rapport/contracts/inbox';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { countTicketsInViews } from '../tickets/view-counts.ts';
import { toViewDto } from './view-access.ts';
import { listVisibleViews } from './views.queries.ts';

/**
 * Counts for the sidebar: the inbox's built-in views (by key) and every saved view the agent sees
 * (by id). Saved rows marked built-in repeat the built-in views and are not counted twice.
 */
export async function viewCounts(deps: AppDeps, actor: Actor): Promise<ViewCountList> {
  const saved = (await listVisibleViews(deps.db, actor.workspaceId, actor.userId)).filter((view) => !view.isBuiltIn).map(toViewDto);
  const items = await countTicketsInViews(deps, actor, [
    ...builtInInboxViews.map((view) => ({ view: view.key, filters: view.filters })),
    ...saved.map((view) => ({ view: view.id, filters: view.filters })),
  ]);
  return { items };
}
