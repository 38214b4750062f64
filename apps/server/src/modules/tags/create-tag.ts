import type { CreateTagBody, TagDto } from '@rapport/contracts/catalogue';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/events.ts';
import { insertTag, listTagsWithCounts } from './tags.queries.ts';

/** Adds a tag to the catalogue (tickets also add theirs when tagged). The name arrives lower-cased by the contract. */
export async function createTag(deps: AppDeps, actor: Actor, input: CreateTagBody): Promise<TagDto> {
  return deps.db.transaction(async (tx) => {
    if (!(await insertTag(tx, actor.workspaceId, input.name, deps.clock.now()))) {
      throw new AppError('NAME_TAKEN', { message: `The tag "${input.name}" already exists.`, details: { field: 'name', name: input.name } });
    }
    await recordAudit(tx, actor, { action: 'tag.created', subjectType: 'tag', subjectId: null, data: { name: input.name } });
    const [tag] = await listTagsWithCounts(tx, actor.workspaceId, input.name);
    return tag ?? { name: input.name, ticketCount: 0 };
  });
}
