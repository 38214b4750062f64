/**
 * The reports' addresses and who may see them, apart from the screens: the shell links to them
 * from the first paint while the screens load lazily.
 */
export const parityPath = '/reports/parity';

/** Leads and admins read the parity report (the server's 'report.read'). */
export function canReadReports(permissions: readonly string[]): boolean {
  return permissions.includes('report.read');
}

export const parityQueryKey = (workspaceId: string, days: number) => ['workspace', workspaceId, 'reports', 'parity', days] as const;
