/**
 * The "My promises" screen's address and who sees what, apart from the screen itself: the shell
 * links to it from the first paint while the screen loads lazily.
 */
export const promisesPath = '/promises';

/** Leads and admins (the server's 'report.read') may switch to everyone's overdue promises. */
export function canSeeEveryonesPromises(permissions: readonly string[]): boolean {
  return permissions.includes('report.read');
}

/** Every promises query of a workspace: the lists, and each ticket's panel (under its ticket key). */
export function isPromisesQuery(workspaceId: string, queryKey: readonly unknown[]): boolean {
  return queryKey[0] === 'workspace' && queryKey[1] === workspaceId && queryKey.includes('promises');
}
