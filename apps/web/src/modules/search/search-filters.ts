/**
 * Search filters live in the URL (/search?q=…&status=…), so a search can be bookmarked, shared and
 * reopened with Back. Pure: parsing, serialising and the recent-searches list (unit-tested).
 */
import type { SearchQuery } from '@rapport/contracts/search';

export interface SearchFilters {
  status?: NonNullable<SearchQuery['status']>;
  assignee?: string;
  channel?: NonNullable<SearchQuery['channel']>;
  createdFrom?: string;
  createdTo?: string;
}

const statuses = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'] as const;
const channels = ['email', 'web', 'chat', 'phone', 'api'] as const;
const isDay = (value: string | null): value is string => value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value));
const isAssignee = (value: string | null): value is string =>
  value === 'me' || value === 'none' || (value !== null && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value));

/** Reads the filters from the address, dropping anything malformed rather than failing the search. */
export function filtersFromParams(params: URLSearchParams): SearchFilters {
  const filters: SearchFilters = {};
  const status = params.get('status');
  if (status && (statuses as readonly string[]).includes(status)) filters.status = status as SearchFilters['status'] & string; // checked against the list just above
  const assignee = params.get('assignee');
  if (isAssignee(assignee)) filters.assignee = assignee;
  const channel = params.get('channel');
  if (channel && (channels as readonly string[]).includes(channel)) filters.channel = channel as SearchFilters['channel'] & string; // checked against the list just above
  const from = params.get('from');
  if (isDay(from)) filters.createdFrom = from;
  const to = params.get('to');
  if (isDay(to)) filters.createdTo = to;
  return filters;
}

/** The search page's address for a query and filters (empty filters are left out). */
export function searchHref(query: string, filters: SearchFilters): string {
  const params = new URLSearchParams();
  params.set('q', query.trim());
  if (filters.status) params.set('status', filters.status);
  if (filters.assignee) params.set('assignee', filters.assignee);
  if (filters.channel) params.set('channel', filters.channel);
  if (filters.createdFrom) params.set('from', filters.createdFrom);
  if (filters.createdTo) params.set('to', filters.createdTo);
  return `/search?${params.toString()}`;
}

/** The API query for the filters (names as the API spells them). */
export function apiQueryOf(query: string, filters: SearchFilters): Record<string, string> {
  const result: Record<string, string> = { q: query.trim() };
  if (filters.status) result['status'] = filters.status;
  if (filters.assignee) result['assignee'] = filters.assignee;
  if (filters.channel) result['channel'] = filters.channel;
  if (filters.createdFrom) result['createdFrom'] = filters.createdFrom;
  if (filters.createdTo) result['createdTo'] = filters.createdTo;
  return result;
}

export const hasFilters = (filters: SearchFilters): boolean => Object.values(filters).some(Boolean);

/** How many recent searches are kept. */
export const recentLimit = 8;

/** Adds a search to the front of the recent list: case-insensitively once, newest first, at most `recentLimit`. */
export function rememberSearch(recent: readonly string[], query: string): string[] {
  const trimmed = query.trim().replace(/\s+/g, ' ');
  if (!trimmed) return [...recent];
  return [trimmed, ...recent.filter((item) => item.toLowerCase() !== trimmed.toLowerCase())].slice(0, recentLimit);
}

/** Reads a stored list defensively: anything but an array of strings is an empty list. */
export function parseRecent(stored: string | null): string[] {
  if (!stored) return [];
  try {
    const value: unknown = JSON.parse(stored);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string').slice(0, recentLimit) : [];
  } catch {
    return [];
  }
}

/** Per user, so two people sharing a browser do not see each other's searches. */
export const recentStorageKey = (userId: string) => `rapport.recent-searches.${userId}`;
