import { SearchQuery, SearchResult } from '@rapport/contracts/search';
import type { AppDeps } from '../../platform/app-deps.ts';
import { defineRoute, type AnyRoute } from '../../platform/route.ts';
import { searchTickets } from './search-tickets.ts';

export function searchRoutes(deps: AppDeps): AnyRoute[] {
  return [
    defineRoute({
      id: 'search.tickets',
      method: 'GET',
      url: '/api/v1/search',
      permission: 'search',
      tag: 'search',
      summary: 'Ranked full-text search over subjects, messages and notes, with filters and highlighted snippets',
      query: SearchQuery,
      response: SearchResult,
      handler: ({ actor, query }) => searchTickets(deps, actor, query),
    }),
  ];
}
