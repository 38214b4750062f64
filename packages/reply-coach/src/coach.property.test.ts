import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CoachInput } from './coach-types.ts';
import { coachReply } from './coach.ts';

// Words that trigger rules, mixed with arbitrary text so the generator reaches the interesting paths.
const triggerWords = fc.constantFrom(
  'sorry', 'Sorry!', "that's our policy", 'as I already explained', 'RMA', 'thanks', "I'll call you tomorrow",
  'What is your phone number?', 'please send me the invoice', '{{name}}', 'UNACCEPTABLE!!!', 'İ', '\n', '?', '.', '😀',
);
const text = fc.array(fc.oneof(fc.string({ maxLength: 40 }), triggerWords), { maxLength: 20 }).map((parts) => parts.join(' '));

const input: fc.Arbitrary<CoachInput> = fc.record({
  draft: text,
  conversation: fc.array(fc.record({ from: fc.constantFrom('customer' as const, 'agent' as const), text }), { maxLength: 4 }),
  ticket: fc.record(
    { ourMistake: fc.boolean(), angry: fc.boolean(), macroText: text, customerName: fc.string({ maxLength: 20 }) },
    { requiredKeys: [] },
  ),
  settings: fc.record(
    {
      now: fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((date) => date.toISOString()),
      timeZone: fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Not/AZone'),
      glossary: fc.array(fc.record({ term: fc.string({ maxLength: 10 }), plain: fc.string({ maxLength: 10 }) }), { maxLength: 3 }),
    },
    { requiredKeys: [] },
  ),
});

describe('coachReply properties', () => {
  it('never throws and keeps every span inside the draft', () => {
    fc.assert(
      fc.property(input, (coachInput) => {
        const output = coachReply(coachInput);
        const length = coachInput.draft.length;
        for (const finding of output.findings) {
          expect(finding.start).toBeGreaterThanOrEqual(0);
          expect(finding.end).toBeGreaterThanOrEqual(finding.start);
          expect(finding.end).toBeLessThanOrEqual(length);
        }
        for (const commitment of output.commitments) {
          expect(commitment.end).toBeLessThanOrEqual(length);
          expect(coachInput.draft.slice(commitment.start, commitment.end)).toBe(commitment.text);
        }
        for (const question of output.questions) {
          if (question.answerEnd !== undefined) expect(question.answerEnd).toBeLessThanOrEqual(length);
        }
        expect(output.inbound.anger).toBeGreaterThanOrEqual(0);
        expect(output.inbound.anger).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic and leaks nothing between calls', () => {
    fc.assert(
      fc.property(input, input, (first, second) => {
        const firstOutput = JSON.stringify(coachReply(first));
        coachReply(second);
        expect(JSON.stringify(coachReply(first))).toBe(firstOutput);
      }),
      { numRuns: 100 },
    );
  });

  it('returns plain JSON (serialises and parses back unchanged)', () => {
    fc.assert(
      fc.property(input, (coachInput) => {
        const output = coachReply(coachInput);
        expect(JSON.parse(JSON.stringify(output))).toEqual(output);
      }),
      { numRuns: 100 },
    );
  });
});
