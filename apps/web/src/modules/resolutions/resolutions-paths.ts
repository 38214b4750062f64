/**
 * The resolution screens' addresses, who may use them and their query keys, apart from the screens
 * themselves: the shell links to them from the first paint while the screens load lazily.
 */
import { queryKeys } from '../../api/query-keys.ts';

export const approvalsPath = '/approvals';
export const ledgerPath = '/reports/resolutions';

/** Agents and up give resolution actions (the server's 'resolution.act'). */
export function canActOnResolutions(permissions: readonly string[]): boolean {
  return permissions.includes('resolution.act');
}

/** Leads and admins decide approval requests (the server's 'resolution.approve'). */
export function canApprove(permissions: readonly string[]): boolean {
  return permissions.includes('resolution.approve');
}

export const resolutionKeys = {
  /** Under the ticket's detail key, so every realtime event on the ticket refreshes the panel. */
  ticket: (workspaceId: string, ticketRef: string) => [...queryKeys.ticket(workspaceId, ticketRef), 'resolutions'] as const,
  /** The pending requests (the approvals screen and the sidebar count). */
  approvals: (workspaceId: string) => [...queryKeys.workspace(workspaceId), 'approvals'] as const,
  /** The approvals screen's list only (what any ticket change refreshes while it is on show). */
  approvalList: (workspaceId: string) => [...queryKeys.workspace(workspaceId), 'approvals', 'list'] as const,
  mine: (workspaceId: string) => [...queryKeys.workspace(workspaceId), 'resolutions', 'me'] as const,
  limits: (workspaceId: string) => [...queryKeys.workspace(workspaceId), 'resolutions', 'limits'] as const,
  ledger: (workspaceId: string) => [...queryKeys.workspace(workspaceId), 'resolutions', 'ledger'] as const,
};
