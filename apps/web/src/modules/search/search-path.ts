/**
 * The search screen's address, apart from the screen: the shell's search box navigates here from
 * the first paint, while the screen loads lazily (shell/app-routes.tsx).
 */
export function searchPath(query: string): string {
  return `/search?q=${encodeURIComponent(query.trim())}`;
}
