/**
 * The lessons screen's address and who may see it, apart from the screen itself: the shell links
 * to it from the first paint while the screen loads lazily.
 */
export const lessonsPath = '/lessons';

/** Leads and admins read lessons (the server's 'lesson.read'). */
export function canReadLessons(permissions: readonly string[]): boolean {
  return permissions.includes('lesson.read');
}

/** Every lessons query of a workspace, for invalidation when a ticket is solved with a lesson. */
export const lessonsQueryKey = (workspaceId: string) => ['workspace', workspaceId, 'lessons'] as const;
