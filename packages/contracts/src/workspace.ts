import { z } from 'zod';
import { Id } from './common.ts';

/**
 * Workspace-level settings (issue 6, part 8): name, time zone, the reply coach's checks and
 * glossary (P21), and each agent's own preferences (part 9).
 */

/** IANA zones this runtime knows, plus `UTC` (which `Intl.supportedValuesOf` lists only as an alias). */
export function supportedTimeZones(): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

let knownZones: ReadonlySet<string> | null = null;
const ianaSpelling = /^[A-Z][A-Za-z_-]*(\/[A-Z0-9][A-Za-z0-9_+-]*)+$/;

/**
 * True for a zone the runtime lists, or an IANA alias it resolves to one (Asia/Kolkata is listed
 * as Asia/Calcutta), spelled as IANA spells it: `europe/berlin` or `CEST` are refused.
 */
export function isSupportedTimeZone(value: string): boolean {
  knownZones ??= new Set(supportedTimeZones());
  if (knownZones.has(value)) return true;
  if (!ianaSpelling.test(value)) return false;
  try {
    return knownZones.has(new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone);
  } catch {
    return false;
  }
}

export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(isSupportedTimeZone, { message: 'Not a known IANA time zone, e.g. Europe/Berlin' })
  .describe('An IANA time zone name, e.g. Europe/Berlin');

export const WorkspaceDto = z
  .object({ id: Id, name: z.string(), slug: z.string(), timeZone: z.string() })
  .meta({ id: 'Workspace' });
export type WorkspaceDto = z.infer<typeof WorkspaceDto>;

export const UpdateWorkspaceBody = z
  .object({ name: z.string().trim().min(1).max(200).optional(), timeZone: TimeZone.optional() })
  .strict();
export type UpdateWorkspaceBody = z.infer<typeof UpdateWorkspaceBody>;

/** Mirrors RULE_IDS of packages/reply-coach/src/coach-types.ts; coach.routes.ts asserts the two agree. */
export const coachRuleIds = [
  'unanswered-question',
  'apology-count',
  'ownership',
  'dismissive',
  'defensive',
  'jargon',
  'readability',
  'language-mismatch',
  'missing-thanks',
  'unchanged-macro',
  'robotic-phrase',
  'tone-to-angry',
  'commitment',
] as const;
export const CoachRuleId = z.enum(coachRuleIds);
export type CoachRuleId = z.infer<typeof CoachRuleId>;
export const CoachRuleSetting = z.enum(['off', 'info', 'warn']);
export type CoachRuleSetting = z.infer<typeof CoachRuleSetting>;

export const GlossaryEntry = z.object({ term: z.string().trim().min(1).max(100), plain: z.string().trim().max(200) }).strict();
export type GlossaryEntry = z.infer<typeof GlossaryEntry>;

/** What an admin sets for the coach: a rule left out keeps its default severity. */
export const WorkspaceCoachSettings = z
  .object({
    checks: z.partialRecord(CoachRuleId, CoachRuleSetting).default({}),
    glossary: z
      .array(GlossaryEntry)
      .max(500)
      .default([])
      .refine((entries) => new Set(entries.map((entry) => entry.term.toLowerCase())).size === entries.length, {
        message: 'Each glossary term may appear once',
      }),
  })
  .strict()
  .meta({ id: 'WorkspaceCoachSettings' });
export type WorkspaceCoachSettings = z.infer<typeof WorkspaceCoachSettings>;

export const MyPreferencesBody = z
  .object({ timeZone: TimeZone.nullable().describe('Your own time zone; null follows the workspace') })
  .strict();
export type MyPreferencesBody = z.infer<typeof MyPreferencesBody>;

export const MyPreferences = z
  .object({
    timeZone: z.string().nullable(),
    workspaceTimeZone: z.string(),
    effectiveTimeZone: z.string().describe('Yours, else the workspace\'s: every absolute date in the app is shown in it'),
  })
  .meta({ id: 'MyPreferences' });
export type MyPreferences = z.infer<typeof MyPreferences>;

/** A team can be deleted only when no ticket uses it, or with `reassignTo` naming the team that takes its tickets. */
export const DeleteTeamQuery = z.object({ reassignTo: Id.optional() }).strict();
export const UpdateTeamBody = z.object({ name: z.string().trim().min(1).max(100) }).strict();
export type UpdateTeamBody = z.infer<typeof UpdateTeamBody>;
export const DeletedTeam = z.object({ ok: z.literal(true), reassignedTickets: z.number().int() }).meta({ id: 'DeletedTeam' });

export const UpdateCustomFieldBody = z
  .object({
    label: z.string().trim().min(1).max(100).optional(),
    options: z.array(z.string().trim().min(1).max(100)).max(100).optional(),
  })
  .strict();
export type UpdateCustomFieldBody = z.infer<typeof UpdateCustomFieldBody>;
export const DeletedCustomField = z
  .object({ ok: z.literal(true), clearedTickets: z.number().int().describe('Tickets whose value for the field was removed') })
  .meta({ id: 'DeletedCustomField' });
