import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/events.ts';
import { deleteTag as deleteTagRow, removeTagFromTickets } from './tags.queries.ts';

/**
 * Removes a tag from the catalogue and from every ticket of the workspace, in one transaction. The
 * tickets' updated_at is left alone: cleaning up the catalogue is not activity on those tickets,
 * and it should not reshuffle everyone's inbox.
 */
export async function deleteTag(deps: AppDeps, actor: Actor, rawName: string): Promise<{ ticketCount: number }> {
  const name = rawName.trim().toLowerCase();
  return deps.db.transaction(async (tx) => {
    const wasInCatalogue = await deleteTagRow(tx, actor.workspaceId, name);
    const ticketCount = await removeTagFromTickets(tx, actor.workspaceId, name);
    if (!wasInCatalogue && ticketCount === 0) {
      throw new AppError('TAG_NOT_FOUND', { message: `No tag "${name}" in this workspace.`, details: { name } });
    }
    await recordAudit(tx, actor, { action: 'tag.deleted', subjectType: 'tag', subjectId: null, data: { name, ticketCount } });
    return { ticketCount };
  });
}
