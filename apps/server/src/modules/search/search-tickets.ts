import type { SearchQuery, SearchResult } from '@rapport/contracts/search';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { resolveAssigneeFilter } from '../tickets/assignee-filter.ts';
import { searchTickets as querySearch } from './search.queries.ts';

const dayMs = 86_400_000;

/** `createdTo` names a whole day: the bound is the start of the next one (UTC). */
function createdRange(from: string | undefined, to: string | undefined): { createdFrom?: Date; createdBefore?: Date } {
  return {
    ...(from ? { createdFrom: new Date(`${from}T00:00:00.000Z`) } : {}),
    ...(to ? { createdBefore: new Date(new Date(`${to}T00:00:00.000Z`).getTime() + dayMs) } : {}),
  };
}

export async function searchTickets(deps: AppDeps, actor: Actor, query: SearchQuery): Promise<SearchResult> {
  const assigneeId = resolveAssigneeFilter(actor, query.assignee);
  const rows = await querySearch(
    deps.db,
    actor.workspaceId,
    query.q,
    {
      status: query.status,
      assigneeId,
      tag: query.tag?.toLowerCase(),
      customerId: query.customer,
      channel: query.channel,
      ...createdRange(query.createdFrom, query.createdTo),
    },
    query.limit,
  );
  return {
    hits: rows.map((row) => ({
      ticketId: row.ticket_id,
      number: Number(row.number),
      subject: row.subject,
      status: row.status as SearchResult['hits'][number]['status'], // a ticket status from the tickets table
      matchedIn: row.matched_in,
      snippet: row.snippet,
      rank: Number(row.rank),
      updatedAt: new Date(row.updated_at).toISOString(),
    })),
  };
}
