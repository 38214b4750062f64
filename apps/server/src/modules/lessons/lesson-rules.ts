import type { Outcome } from '@rapport/contracts/tickets';
import { AppError } from '../../platform/errors.ts';

/** The shortest lesson accepted: a sentence, not "n/a" (the contract's own minimum). */
export const minLessonLength = 10;

export interface LessonToRecord {
  lesson: string;
  productFeedback: string | null;
}

/**
 * Pure rule of P6/P13 for one ticket change: a ticket whose outcome becomes "could not solve" must
 * come with a lesson; a lesson (and product feedback) only goes with that outcome. Returns what to
 * record, or null when the change records no lesson. Every path that changes an outcome asks this,
 * so none can set could_not_solve without a lesson.
 */
export function lessonForOutcomeChange(change: {
  from: Outcome | null;
  to: Outcome | null;
  lesson?: string | undefined;
  productFeedback?: string | undefined;
}): LessonToRecord | null {
  const lesson = change.lesson?.trim() ?? '';
  const productFeedback = change.productFeedback?.trim() || null;
  const hasLesson = change.lesson !== undefined || change.productFeedback !== undefined;
  if (change.to !== 'could_not_solve') {
    if (hasLesson) {
      throw new AppError('VALIDATION_FAILED', {
        message: 'A lesson goes with the outcome could_not_solve: solve the ticket with that outcome to record one.',
        details: { issues: [{ path: 'body.lesson', message: 'A lesson goes with the outcome could_not_solve' }] },
      });
    }
    return null;
  }
  if (lesson.length >= minLessonLength) return { lesson, productFeedback };
  // Already "could not solve" (a solved ticket closed, say): its lesson was recorded then.
  if (change.from === 'could_not_solve' && !hasLesson) return null;
  throw new AppError('LESSON_REQUIRED', {
    message: '"Could not solve" needs a short lesson: say in a sentence what would have solved it.',
    details: { field: 'lesson', minLength: minLessonLength },
  });
}
