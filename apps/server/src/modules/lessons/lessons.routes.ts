/** The lessons of tickets that could not be solved, for leads and admins (issue 7, P13). */
import { PageQuery } from '@rapport/contracts/common';
import { LessonPage } from '@rapport/contracts/service';
import type { AppDeps } from '../../platform/app-deps.ts';
import { defineRoute, type AnyRoute } from '../../platform/route.ts';
import { listLessons } from './lessons.ts';

export const ListLessonsQuery = PageQuery.strict();

export function lessonRoutes(deps: AppDeps): AnyRoute[] {
  return [
    defineRoute({
      id: 'lessons.list',
      method: 'GET',
      url: '/api/v1/lessons',
      permission: 'lesson.read',
      tag: 'lessons',
      summary: 'Lessons of tickets solved with the outcome could_not_solve, newest first (leads and admins)',
      query: ListLessonsQuery,
      response: LessonPage,
      handler: ({ actor, query }) => listLessons(deps, actor, query),
    }),
  ];
}
