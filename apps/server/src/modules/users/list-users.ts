import type { UserPage } from '@rapport/contracts/people';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { decodeTextCursor, toPage } from '../../platform/keyset-cursor.ts';
import { toUserDto } from './user-dto.ts';
import { listMemberTeamIds, listMembers } from './users.queries.ts';

/** All members of the workspace, active and inactive, by name, each with the ids of their teams. */
export async function listUsers(deps: AppDeps, actor: Actor, query: { cursor?: string | undefined; limit: number }): Promise<UserPage> {
  const cursor = query.cursor ? decodeTextCursor(query.cursor) : null;
  const rows = await listMembers(deps.db, actor.workspaceId, query.limit, cursor ? { name: cursor.value, id: cursor.id } : null);
  const teamIds = await listMemberTeamIds(deps.db, actor.workspaceId, rows.map((row) => row.id));
  return toPage(rows, query.limit, (page) => page.map((row) => toUserDto(row, teamIds.get(row.id) ?? [])), (last) => ({ values: [last.name], id: last.id }));
}
