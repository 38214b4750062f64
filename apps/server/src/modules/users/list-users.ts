import type { UserPage } from '@rapport/contracts/people';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/keyset-cursor.ts';
import { toUserDto } from './user-dto.ts';
import { listMembers } from './users.queries.ts';

/** All members of the workspace, active and inactive, by name. */
export async function listUsers(deps: AppDeps, actor: Actor, query: { cursor?: string | undefined; limit: number }): Promise<UserPage> {
  const after = query.cursor ? decodeNameCursor(query.cursor) : null;
  const rows = await listMembers(deps.db, actor.workspaceId, query.limit, after);
  const hasMore = rows.length > query.limit;
  const pageRows = hasMore ? rows.slice(0, query.limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return {
    items: pageRows.map(toUserDto),
    nextCursor: hasMore && last ? encodeCursor({ values: [last.name], id: last.id }) : null,
  };
}

function decodeNameCursor(raw: string): { name: string; id: string } {
  const cursor = decodeCursor(raw);
  const [name] = cursor.values;
  if (cursor.values.length !== 1 || typeof name !== 'string') {
    throw new AppError('VALIDATION_FAILED', { message: 'The cursor is not valid; start again from the first page.' });
  }
  return { name, id: cursor.id };
}
