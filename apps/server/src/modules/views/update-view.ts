import type { UpdateViewBody, ViewDto } from '@rapport/contracts/catalogue';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/events.ts';
import { assertCanModify, assertCanShare, toViewDto } from './view-access.ts';
import { findVisibleView, updateViewRow } from './views.queries.ts';

export async function updateView(deps: AppDeps, actor: Actor, viewId: string, input: UpdateViewBody): Promise<ViewDto> {
  return deps.db.transaction(async (tx) => {
    const view = await findVisibleView(tx, actor.workspaceId, actor.userId, viewId, { lock: true });
    if (!view) throw new AppError('VIEW_NOT_FOUND', { message: 'No view with that id is visible to you.', details: { id: viewId } });
    assertCanModify(view, actor, 'change');
    if (input.isShared === true && !view.isShared) assertCanShare(actor);
    const values: Parameters<typeof updateViewRow>[3] = {};
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (input.name !== undefined && input.name !== view.name) {
      values.name = input.name;
      changes['name'] = { from: view.name, to: input.name };
    }
    if (input.filters !== undefined) {
      values.filters = input.filters;
      changes['filters'] = { from: view.filters, to: input.filters };
    }
    if (input.isShared !== undefined && input.isShared !== view.isShared) {
      values.isShared = input.isShared;
      changes['isShared'] = { from: view.isShared, to: input.isShared };
    }
    if (Object.keys(changes).length === 0) return toViewDto(view);
    const updated = await updateViewRow(tx, actor.workspaceId, viewId, values);
    await recordAudit(tx, actor, { action: 'view.updated', subjectType: 'view', subjectId: viewId, data: { changes } });
    return toViewDto(updated);
  });
}
