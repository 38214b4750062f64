import type { ListTicketsQuery } from '@rapport/contracts/tickets';

export type TicketListFilters = Partial<Omit<ListTicketsQuery, 'cursor' | 'limit'>>;

/**
 * Every server-state key starts with the workspace, so switching workspace (or signing in as
 * someone else) can never show another workspace's cached data, and realtime events invalidate
 * exactly their workspace's entries.
 */
export const queryKeys = {
  session: ['session'] as const,
  workspace: (workspaceId: string) => ['workspace', workspaceId] as const,
  tickets: (workspaceId: string) => ['workspace', workspaceId, 'tickets'] as const,
  ticketLists: (workspaceId: string) => ['workspace', workspaceId, 'tickets', 'list'] as const,
  ticketList: (workspaceId: string, filters: TicketListFilters) =>
    ['workspace', workspaceId, 'tickets', 'list', filters] as const,
  /** Under the ticket lists, so every realtime event that refreshes the lists refreshes the sidebar counts too. */
  viewCounts: (workspaceId: string) => ['workspace', workspaceId, 'tickets', 'list', 'view-counts'] as const,
  ticket: (workspaceId: string, ticketRef: string) => ['workspace', workspaceId, 'tickets', 'detail', ticketRef] as const,
  users: (workspaceId: string) => ['workspace', workspaceId, 'users'] as const,
  tags: (workspaceId: string) => ['workspace', workspaceId, 'tags'] as const,
  teams: (workspaceId: string) => ['workspace', workspaceId, 'teams'] as const,
  customFields: (workspaceId: string) => ['workspace', workspaceId, 'custom-fields'] as const,
  views: (workspaceId: string) => ['workspace', workspaceId, 'views'] as const,
  search: (workspaceId: string, query: string) => ['workspace', workspaceId, 'search', query] as const,
  searchWithFilters: (workspaceId: string, query: string, filters: Record<string, string>) =>
    ['workspace', workspaceId, 'search', query, filters] as const,
  notifications: (workspaceId: string) => ['workspace', workspaceId, 'notifications'] as const,
  /** Under the ticket's id key, so every realtime event on the ticket refreshes its followers too. */
  ticketFollowers: (workspaceId: string, ticketId: string) => ['workspace', workspaceId, 'tickets', 'detail', ticketId, 'followers'] as const,
  email: (workspaceId: string) => ['workspace', workspaceId, 'email'] as const,
  emailAddresses: (workspaceId: string) => ['workspace', workspaceId, 'email', 'addresses'] as const,
  emailSettings: (workspaceId: string) => ['workspace', workspaceId, 'email', 'settings'] as const,
  mailboxes: (workspaceId: string) => ['workspace', workspaceId, 'email', 'mailboxes'] as const,
  inbound: (workspaceId: string) => ['workspace', workspaceId, 'email', 'inbound'] as const,
  inboundList: (workspaceId: string, status: 'quarantined' | 'held') => ['workspace', workspaceId, 'email', 'inbound', 'list', status] as const,
  heldEmails: (workspaceId: string, ticketRef: string) => ['workspace', workspaceId, 'email', 'inbound', 'ticket', ticketRef] as const,
};
