import type { CreateViewBody, ViewDto } from '@rapport/contracts/catalogue';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/events.ts';
import { assertCanShare, toViewDto } from './view-access.ts';
import { insertView } from './views.queries.ts';

/** Saves a view owned by the actor; sharing it with the workspace takes a lead or an admin. */
export async function createView(deps: AppDeps, actor: Actor, input: CreateViewBody): Promise<ViewDto> {
  if (!actor.userId) throw new AppError('FORBIDDEN', { message: 'Only a person can own a saved view.' });
  if (input.isShared) assertCanShare(actor);
  const ownerId = actor.userId;
  return deps.db.transaction(async (tx) => {
    const view = await insertView(tx, {
      workspaceId: actor.workspaceId,
      ownerId,
      name: input.name,
      filters: input.filters,
      isShared: input.isShared,
      isBuiltIn: false,
      createdAt: deps.clock.now(),
    });
    await recordAudit(tx, actor, { action: 'view.created', subjectType: 'view', subjectId: view.id, data: { name: view.name, isShared: view.isShared } });
    return toViewDto(view);
  });
}
