import type { OrganisationPage } from '@rapport/contracts/people';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { decodeTextCursor, toPage } from '../../platform/keyset-cursor.ts';
import { toOrganisationDto } from './organisation-dto.ts';
import { listOrganisations as queryOrganisations } from './organisations.queries.ts';

/** Alphabetical by name, with keyset pagination on (name, id). */
export async function listOrganisations(deps: AppDeps, actor: Actor, query: { cursor?: string | undefined; limit: number }): Promise<OrganisationPage> {
  const cursor = query.cursor ? decodeTextCursor(query.cursor) : null;
  const rows = await queryOrganisations(deps.db, actor.workspaceId, query.limit, cursor ? { name: cursor.value, id: cursor.id } : null);
  return toPage(rows, query.limit, (page) => page.map(toOrganisationDto), (last) => ({ values: [last.name], id: last.id }));
}
