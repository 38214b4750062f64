import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/api-error.ts';
import { initialOutcomeChoice, needsLesson, outcomeFieldError, solveChanges } from './outcome.ts';

describe('outcome dialog rules', () => {
  it('asks for a lesson only with "could not solve", counting trimmed characters', () => {
    expect(needsLesson(initialOutcomeChoice)).toBe(false);
    expect(needsLesson({ ...initialOutcomeChoice, outcome: 'workaround' })).toBe(false);
    expect(needsLesson({ ...initialOutcomeChoice, outcome: 'could_not_solve' })).toBe(true);
    expect(needsLesson({ ...initialOutcomeChoice, outcome: 'could_not_solve', lesson: '   too short   ' })).toBe(true);
    expect(needsLesson({ ...initialOutcomeChoice, outcome: 'could_not_solve', lesson: 'Ten chars!' })).toBe(false);
  });

  it('sends lesson and feedback only with "could not solve", trimmed, feedback left out when empty', () => {
    expect(solveChanges({ outcome: 'solved', lesson: 'typed, then switched back', productFeedback: 'x' })).toEqual({ status: 'solved', outcome: 'solved' });
    expect(solveChanges({ outcome: 'workaround', lesson: '', productFeedback: '' })).toEqual({ status: 'solved', outcome: 'workaround' });
    expect(solveChanges({ outcome: 'could_not_solve', lesson: '  No courier API.  ', productFeedback: '  ' })).toEqual({
      status: 'solved',
      outcome: 'could_not_solve',
      lesson: 'No courier API.',
    });
    expect(solveChanges({ outcome: 'could_not_solve', lesson: 'No courier API.', productFeedback: ' Claims from the ticket ' })).toMatchObject({
      productFeedback: 'Claims from the ticket',
    });
  });

  it("puts the server's message on the field it is about", () => {
    const required = new ApiError({ code: 'LESSON_REQUIRED', message: 'Needs a lesson.', status: 400 });
    expect(outcomeFieldError(required)).toEqual({ field: 'lesson', message: 'Needs a lesson.' });
    const invalid = new ApiError({
      code: 'VALIDATION_FAILED',
      message: 'Invalid request. body.lesson: Say in a sentence what would have solved it',
      status: 400,
      details: { issues: [{ path: 'body.lesson', message: 'Say in a sentence what would have solved it' }] },
    });
    expect(outcomeFieldError(invalid)).toEqual({ field: 'lesson', message: 'Say in a sentence what would have solved it' });
    const feedback = new ApiError({ code: 'VALIDATION_FAILED', message: 'x', status: 400, details: { issues: [{ path: 'body.productFeedback', message: 'Too long' }] } });
    expect(outcomeFieldError(feedback)).toEqual({ field: 'productFeedback', message: 'Too long' });
    expect(outcomeFieldError(new ApiError({ code: 'TICKET_NOT_FOUND', message: 'Gone', status: 404 }))).toBeNull();
    expect(outcomeFieldError(new ApiError({ code: 'VALIDATION_FAILED', message: 'x', status: 400 }))).toBeNull();
    expect(outcomeFieldError(new Error('boom'))).toBeNull();
  });
});
