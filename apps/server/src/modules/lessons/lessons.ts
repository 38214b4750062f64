/**
 * Lessons (issue 7, P6 and P13): when a ticket is solved with the outcome "could not solve", the
 * agent writes what would have solved it, and optionally what the product should do. The ticket
 * use cases record one through `recordLesson` in their own transaction; leads and admins read them
 * newest first.
 */
import type { LessonDto, LessonPage } from '@rapport/contracts/service';
import type { DbOrTx } from '@rapport/db/database';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { decodeTimestampCursor, toPage } from '../../platform/keyset-cursor.ts';
import type { LessonToRecord } from './lesson-rules.ts';
import { insertLesson, selectLessonPage, type LessonRow } from './lessons.queries.ts';

export { lessonForOutcomeChange, type LessonToRecord } from './lesson-rules.ts';

/** Writes the lesson of a ticket inside the caller's transaction; the caller audits the change. */
export async function recordLesson(tx: DbOrTx, actor: Actor, input: { ticketId: string; at: Date } & LessonToRecord): Promise<{ id: string }> {
  return insertLesson(tx, {
    workspaceId: actor.workspaceId,
    ticketId: input.ticketId,
    authorId: actor.userId,
    lesson: input.lesson,
    productFeedback: input.productFeedback,
    createdAt: input.at,
  });
}

function toLessonDto(row: LessonRow): LessonDto {
  return {
    id: row.id,
    ticket: { id: row.ticketId, number: row.ticketNumber, subject: row.ticketSubject },
    author: row.authorId && row.authorName !== null ? { id: row.authorId, name: row.authorName } : null,
    lesson: row.lesson,
    productFeedback: row.productFeedback,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listLessons(deps: AppDeps, actor: Actor, query: { cursor?: string | undefined; limit: number }): Promise<LessonPage> {
  const cursor = query.cursor ? decodeTimestampCursor(query.cursor) : null;
  const rows = await selectLessonPage(deps.db, actor.workspaceId, query.limit, cursor);
  return toPage(rows, query.limit, (page) => page.map(toLessonDto), (last) => ({ values: [last.cursorAt], id: last.id }));
}
