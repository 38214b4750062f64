/**
 * The inbox the agent came from, so "Back to inbox" (and the u shortcut) returns to the same view.
 * Kept in memory: after a reload the default view is a fine answer.
 */
let lastInboxPath = '/views/mine';

export function rememberInboxPath(path: string): void {
  lastInboxPath = path;
}

export function getLastInboxPath(): string {
  return lastInboxPath;
}
