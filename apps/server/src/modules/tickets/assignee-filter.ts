import type { Actor } from '../../platform/actor.ts';

/**
 * The `assignee` filter of lists and search: 'me' is the acting user, 'none' means unassigned
 * (null), an id is that user, and undefined applies no filter.
 */
export function resolveAssigneeFilter(actor: Actor, assignee: string | undefined): string | null | undefined {
  if (assignee === 'me') return actor.userId;
  if (assignee === 'none') return null;
  return assignee;
}
