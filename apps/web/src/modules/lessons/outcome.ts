/** Pure rules of the outcome dialog: what solving sends, and which field a refusal belongs to. */
import type { Outcome, UpdateTicketBody } from '@rapport/contracts/tickets';
import { isApiError } from '../../api/api-error.ts';

/** The server's minimum (contracts: UpdateTicketBody.lesson). */
export const minLessonLength = 10;

export interface OutcomeChoice {
  outcome: Outcome;
  lesson: string;
  productFeedback: string;
}

export const initialOutcomeChoice: OutcomeChoice = { outcome: 'solved', lesson: '', productFeedback: '' };

/** True when "Could not solve" still lacks a lesson long enough to send. */
export function needsLesson(choice: OutcomeChoice): boolean {
  return choice.outcome === 'could_not_solve' && choice.lesson.trim().length < minLessonLength;
}

/** The PATCH body that solves the ticket with this outcome; lesson and feedback only with "could not solve". */
export function solveChanges(choice: OutcomeChoice): UpdateTicketBody {
  if (choice.outcome !== 'could_not_solve') return { status: 'solved', outcome: choice.outcome };
  const feedback = choice.productFeedback.trim();
  return { status: 'solved', outcome: 'could_not_solve', lesson: choice.lesson.trim(), ...(feedback ? { productFeedback: feedback } : {}) };
}

export type OutcomeField = 'lesson' | 'productFeedback';

/**
 * The field a server refusal is about, with the server's own words: LESSON_REQUIRED, or a
 * validation issue at body.lesson / body.productFeedback. Null for anything else (shown as an alert).
 */
export function outcomeFieldError(error: unknown): { field: OutcomeField; message: string } | null {
  if (!isApiError(error)) return null;
  if (error.code === 'LESSON_REQUIRED') return { field: 'lesson', message: error.message };
  if (error.code !== 'VALIDATION_FAILED') return null;
  const details = error.details as { issues?: unknown } | null | undefined;
  const issues = Array.isArray(details?.issues) ? (details.issues as unknown[]) : [];
  for (const issue of issues) {
    if (!issue || typeof issue !== 'object') continue;
    const { path, message } = issue as { path?: unknown; message?: unknown };
    if (typeof message !== 'string') continue;
    if (path === 'body.lesson') return { field: 'lesson', message };
    if (path === 'body.productFeedback') return { field: 'productFeedback', message };
  }
  return null;
}
