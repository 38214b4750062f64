import { z } from 'zod';

/** Mirrors packages/reply-coach/src/coach-types.ts (issue 5); coach.routes.ts checks the two agree at compile time. */
const RuleSetting = z.enum(['off', 'info', 'warn']);

export const CoachRequest = z
  .object({
    draft: z.string().max(50_000),
    conversation: z
      .array(z.object({ from: z.enum(['customer', 'agent']), text: z.string().max(100_000), at: z.string().max(40).optional() }).strict())
      .max(200),
    ticket: z
      .object({
        ourMistake: z.boolean().optional(),
        macroText: z.string().max(50_000).optional(),
        customerName: z.string().max(200).optional(),
        customerLanguage: z.string().max(8).optional(),
        angry: z.boolean().optional(),
      })
      .strict()
      .optional(),
    settings: z
      .object({
        checks: z.record(z.string().max(64), RuleSetting).optional(),
        glossary: z.array(z.object({ term: z.string().min(1).max(100), plain: z.string().max(200) }).strict()).max(500).optional(),
        now: z.string().max(40).optional(),
        timeZone: z.string().max(64).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .meta({ id: 'CoachRequest' });
export type CoachRequest = z.infer<typeof CoachRequest>;

const Span = z.number().int().min(0);
export const CoachResponse = z
  .object({
    findings: z.array(
      z.object({ rule: z.string(), severity: z.enum(['info', 'warn']), start: Span, end: Span, message: z.string(), suggestion: z.string().optional() }),
    ),
    questions: z.array(
      z.object({ text: z.string(), fromMessage: z.number().int(), answered: z.boolean(), answerStart: Span.optional(), answerEnd: Span.optional() }),
    ),
    commitments: z.array(z.object({ text: z.string(), start: Span, end: Span, due: z.string().optional() })),
    apologies: z.number().int(),
    readability: z.object({ grade: z.number().nullable(), longSentences: z.number().int() }),
    language: z.object({ draft: z.string(), customer: z.string().nullable() }),
    inbound: z.object({ anger: z.number().min(0).max(1), abuse: z.boolean(), reasons: z.array(z.string()) }),
  })
  .meta({ id: 'CoachResponse' });
export type CoachResponse = z.infer<typeof CoachResponse>;
