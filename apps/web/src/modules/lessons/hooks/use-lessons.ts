import { useInfiniteQuery } from '@tanstack/react-query';
import { LessonPage } from '@rapport/contracts/service';
import { api } from '../../../api/client.ts';
import { useWorkspaceId } from '../../auth/components/session-context.tsx';
import { lessonsQueryKey } from '../lessons-paths.ts';

/** Lessons of tickets that could not be solved, newest first, a page at a time. */
export function useLessons() {
  const workspaceId = useWorkspaceId();
  return useInfiniteQuery({
    queryKey: lessonsQueryKey(workspaceId),
    queryFn: ({ pageParam, signal }) => api.get('/lessons', { schema: LessonPage, query: { limit: 25, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}
