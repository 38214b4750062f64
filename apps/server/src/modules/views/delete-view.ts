import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/events.ts';
import { assertCanModify } from './view-access.ts';
import { deleteViewRow, findVisibleView } from './views.queries.ts';

export async function deleteView(deps: AppDeps, actor: Actor, viewId: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const view = await findVisibleView(tx, actor.workspaceId, actor.userId, viewId, { lock: true });
    if (!view) throw new AppError('VIEW_NOT_FOUND', { message: 'No view with that id is visible to you.', details: { id: viewId } });
    assertCanModify(view, actor, 'delete');
    await deleteViewRow(tx, actor.workspaceId, viewId);
    await recordAudit(tx, actor, { action: 'view.deleted', subjectType: 'view', subjectId: viewId, data: { name: view.name, isShared: view.isShared } });
  });
}
