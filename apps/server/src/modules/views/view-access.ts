/** Pure rules for who may share, change and delete saved views. */
import { ViewFilters, type ViewDto } from '@rapport/contracts/catalogue';
import type { Actor } from '../../platform/actor.ts';
import { AppError } from '../../platform/errors.ts';
import type { ViewRow } from './views.queries.ts';

export function canShareViews(actor: Actor): boolean {
  return actor.role === 'lead' || actor.role === 'admin';
}

export function assertCanShare(actor: Actor): void {
  if (!canShareViews(actor)) {
    throw new AppError('FORBIDDEN', { message: 'Only leads and admins can share a view with the whole team; save it as a private view instead.' });
  }
}

/** Built-in views are fixed; a private view is its owner's; a shared view is its owner's and any lead's or admin's. */
export function assertCanModify(view: ViewRow, actor: Actor, verb: 'change' | 'delete'): void {
  if (view.isBuiltIn) {
    throw new AppError('FORBIDDEN', { message: `"${view.name}" is a built-in view; built-in views cannot be changed or deleted.`, details: { id: view.id } });
  }
  if (actor.userId !== null && view.ownerId === actor.userId) return;
  if (view.isShared && canShareViews(actor)) return;
  throw new AppError('FORBIDDEN', { message: `Only the view's owner, a lead or an admin can ${verb} the shared view "${view.name}".`, details: { id: view.id } });
}

export function toViewDto(row: ViewRow): ViewDto {
  return {
    id: row.id,
    name: row.name,
    // Stored filters were validated by the same schema on the way in; parsing again keeps the DTO honest.
    filters: ViewFilters.parse(row.filters),
    isShared: row.isShared,
    isBuiltIn: row.isBuiltIn,
    ownerId: row.ownerId,
  };
}
