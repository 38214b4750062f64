import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { lessonForOutcomeChange } from './lesson-rules.ts';

function codeOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    return error instanceof AppError ? error.code : 'not an AppError';
  }
}

describe('lessonForOutcomeChange', () => {
  it('records nothing for outcomes other than could_not_solve', () => {
    expect(lessonForOutcomeChange({ from: null, to: 'solved' })).toBeNull();
    expect(lessonForOutcomeChange({ from: null, to: 'workaround' })).toBeNull();
    expect(lessonForOutcomeChange({ from: 'could_not_solve', to: null })).toBeNull();
  });

  it('refuses could_not_solve without a lesson, or with one too short', () => {
    expect(codeOf(() => lessonForOutcomeChange({ from: null, to: 'could_not_solve' }))).toBe('LESSON_REQUIRED');
    expect(codeOf(() => lessonForOutcomeChange({ from: 'solved', to: 'could_not_solve', lesson: '   short   ' }))).toBe('LESSON_REQUIRED');
    expect(codeOf(() => lessonForOutcomeChange({ from: null, to: 'could_not_solve', productFeedback: 'Export to CSV' }))).toBe('LESSON_REQUIRED');
  });

  it('returns the trimmed lesson and feedback (empty feedback is none)', () => {
    expect(lessonForOutcomeChange({ from: null, to: 'could_not_solve', lesson: '  The courier API has no refunds.  ', productFeedback: ' ' })).toEqual({
      lesson: 'The courier API has no refunds.',
      productFeedback: null,
    });
    expect(lessonForOutcomeChange({ from: 'solved', to: 'could_not_solve', lesson: 'We need a refund button.', productFeedback: 'Refunds in the app' })).toEqual({
      lesson: 'We need a refund button.',
      productFeedback: 'Refunds in the app',
    });
  });

  it('keeps an outcome that already was could_not_solve (solved → closed) without a new lesson', () => {
    expect(lessonForOutcomeChange({ from: 'could_not_solve', to: 'could_not_solve' })).toBeNull();
    // …but a lesson sent along is recorded (another lesson on the same ticket).
    expect(lessonForOutcomeChange({ from: 'could_not_solve', to: 'could_not_solve', lesson: 'A second thought on it.' })?.lesson).toBe('A second thought on it.');
  });

  it('refuses a lesson with any other outcome', () => {
    expect(codeOf(() => lessonForOutcomeChange({ from: null, to: 'solved', lesson: 'A lesson that does not belong.' }))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => lessonForOutcomeChange({ from: null, to: null, productFeedback: 'Feedback alone' }))).toBe('VALIDATION_FAILED');
  });
});
