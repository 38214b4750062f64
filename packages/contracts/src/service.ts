/**
 * Service workflow (issue 7): business hours, SLA policies and the SLA clocks of a ticket, and the
 * lessons of tickets that could not be solved.
 */
import { z } from 'zod';
import { Id, Timestamp } from './common.ts';
import { Channel, PersonRef, Priority, SlaMetric, SlaState } from './tickets.ts';

// ---- Business hours ------------------------------------------------------------------------

const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time as HH:MM (24-hour)');
const EndTime = z.union([ClockTime, z.literal('24:00')]);
export const IsoWeekday = z.number().int().min(1).max(7).describe('ISO weekday: 1 = Monday … 7 = Sunday');

export const WeeklyInterval = z
  .object({ day: IsoWeekday, start: ClockTime, end: EndTime.describe('HH:MM, or 24:00 for midnight at the end of the day') })
  .strict()
  .refine((interval) => interval.start < interval.end, { message: 'An interval ends after it starts', path: ['end'] });
export type WeeklyInterval = z.infer<typeof WeeklyInterval>;

export const Holiday = z
  .object({
    date: z.iso.date().describe('A local date (YYYY-MM-DD) on which the desk is closed all day'),
    name: z.string().trim().min(1).max(100),
  })
  .strict();
export type Holiday = z.infer<typeof Holiday>;

function overlapping(weekly: readonly WeeklyInterval[]): boolean {
  const sorted = [...weekly].sort((a, b) => a.day - b.day || (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  return sorted.some((interval, index) => index > 0 && sorted[index - 1]!.day === interval.day && sorted[index - 1]!.end > interval.start);
}

export const BusinessHoursDto = z
  .object({
    timeZone: z.string().describe("The workspace's IANA time zone: the hours are counted in it"),
    weekly: z.array(WeeklyInterval),
    holidays: z.array(Holiday),
    weeklyOpenHours: z.number().describe('Open hours in a week without holidays'),
    updatedAt: Timestamp.nullable(),
  })
  .meta({ id: 'BusinessHours' });
export type BusinessHoursDto = z.infer<typeof BusinessHoursDto>;

export const UpdateBusinessHoursBody = z
  .object({
    weekly: z.array(WeeklyInterval).max(7 * 6).describe('Open intervals; several a day allowed (a lunch break). Around the clock: 00:00–24:00 every day'),
    holidays: z.array(Holiday).max(366),
  })
  .strict()
  .refine((body) => !overlapping(body.weekly), { message: 'Intervals of one day must not overlap', path: ['weekly'] })
  .refine((body) => new Set(body.holidays.map((holiday) => holiday.date)).size === body.holidays.length, { message: 'Each holiday date once', path: ['holidays'] })
  .refine((body) => body.weekly.length > 0, { message: 'Open at least one interval a week', path: ['weekly'] });
export type UpdateBusinessHoursBody = z.infer<typeof UpdateBusinessHoursBody>;

// ---- SLA policies --------------------------------------------------------------------------

export const CustomerTier = z.enum(['standard', 'priority', 'enterprise']);

const TargetMinutes = z.number().int().min(1).max(60 * 24 * 365);

export const SlaPolicyDto = z
  .object({
    id: Id,
    name: z.string(),
    position: z.number().int(),
    enabled: z.boolean(),
    priorities: z.array(Priority).describe('Matches these priorities; empty = any'),
    tiers: z.array(CustomerTier).describe("Matches these customer tiers; empty = any"),
    channels: z.array(Channel).describe('Matches these channels; empty = any'),
    firstReplyMinutes: z.number().int().nullable(),
    nextReplyMinutes: z.number().int().nullable(),
    resolutionMinutes: z.number().int().nullable(),
    businessHours: z.boolean().describe('Targets count business hours only (else calendar time)'),
    warnMinutes: z.number().int().describe('Warn this many counted minutes before a breach'),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'SlaPolicy' });
export type SlaPolicyDto = z.infer<typeof SlaPolicyDto>;
export const SlaPolicyList = z.object({ items: z.array(SlaPolicyDto) }).meta({ id: 'SlaPolicyList' });
export type SlaPolicyList = z.infer<typeof SlaPolicyList>;

const policyFields = {
  name: z.string().trim().min(1).max(100),
  enabled: z.boolean(),
  priorities: z.array(Priority).max(4),
  tiers: z.array(CustomerTier).max(3),
  channels: z.array(Channel).max(5),
  firstReplyMinutes: TargetMinutes.nullable(),
  nextReplyMinutes: TargetMinutes.nullable(),
  resolutionMinutes: TargetMinutes.nullable(),
  businessHours: z.boolean(),
  warnMinutes: z.number().int().min(0).max(60 * 24 * 30),
};
const hasTarget = (body: { firstReplyMinutes?: number | null; nextReplyMinutes?: number | null; resolutionMinutes?: number | null }) =>
  body.firstReplyMinutes != null || body.nextReplyMinutes != null || body.resolutionMinutes != null;

export const CreateSlaPolicyBody = z
  .object({
    name: policyFields.name,
    enabled: policyFields.enabled.default(true),
    priorities: policyFields.priorities.default([]),
    tiers: policyFields.tiers.default([]),
    channels: policyFields.channels.default([]),
    firstReplyMinutes: policyFields.firstReplyMinutes.default(null),
    nextReplyMinutes: policyFields.nextReplyMinutes.default(null),
    resolutionMinutes: policyFields.resolutionMinutes.default(null),
    businessHours: policyFields.businessHours.default(true),
    warnMinutes: policyFields.warnMinutes.default(30),
  })
  .strict()
  .refine(hasTarget, 'Set at least one target');
export type CreateSlaPolicyBody = z.infer<typeof CreateSlaPolicyBody>;

export const UpdateSlaPolicyBody = z
  .object({
    name: policyFields.name.optional(),
    enabled: policyFields.enabled.optional(),
    priorities: policyFields.priorities.optional(),
    tiers: policyFields.tiers.optional(),
    channels: policyFields.channels.optional(),
    firstReplyMinutes: policyFields.firstReplyMinutes.optional(),
    nextReplyMinutes: policyFields.nextReplyMinutes.optional(),
    resolutionMinutes: policyFields.resolutionMinutes.optional(),
    businessHours: policyFields.businessHours.optional(),
    warnMinutes: policyFields.warnMinutes.optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'Send at least one field to change');
export type UpdateSlaPolicyBody = z.infer<typeof UpdateSlaPolicyBody>;

export const ReorderSlaPoliciesBody = z
  .object({ ids: z.array(Id).min(1).max(200).describe('Every policy id, in the order they are tried') })
  .strict();
export type ReorderSlaPoliciesBody = z.infer<typeof ReorderSlaPoliciesBody>;

// ---- SLA clocks of a ticket ------------------------------------------------------------------

export const TicketSlaDto = z
  .object({
    metric: SlaMetric,
    state: SlaState.describe('running; paused (pending on the customer); met (stopped in time); breached'),
    policy: z.object({ id: Id, name: z.string() }).nullable(),
    targetMinutes: z.number().int(),
    businessHours: z.boolean(),
    elapsedMinutes: z.number().describe('Counted minutes so far (business minutes when businessHours)'),
    dueAt: Timestamp.nullable().describe('While running: when the target is breached'),
    warning: z.boolean().describe('Running and within the warning window (or breached)'),
    breachedAt: Timestamp.nullable(),
    stoppedAt: Timestamp.nullable(),
    startedAt: Timestamp,
    extraMinutes: z.number().int().describe('Minutes people added to the target (overrides) in this cycle'),
    extension: z
      .object({ actor: PersonRef.nullable(), reason: z.string(), createdAt: Timestamp })
      .nullable()
      .describe('The latest extension of this clock, while it has extra minutes'),
    waived: z
      .object({ at: Timestamp, actor: PersonRef.nullable(), reason: z.string().nullable() })
      .nullable()
      .describe('A person waived this clock: it is stopped and never warns or breaches (a breach recorded before stays)'),
  })
  .meta({ id: 'TicketSla' });
export type TicketSlaDto = z.infer<typeof TicketSlaDto>;
export const TicketSlaList = z.object({ items: z.array(TicketSlaDto) }).meta({ id: 'TicketSlaList' });
export type TicketSlaList = z.infer<typeof TicketSlaList>;

// ---- Lessons (outcome "could not solve") -----------------------------------------------------

export const LessonDto = z
  .object({
    id: Id,
    ticket: z.object({ id: Id, number: z.number().int(), subject: z.string() }),
    author: PersonRef.nullable(),
    lesson: z.string(),
    productFeedback: z.string().nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: 'Lesson' });
export type LessonDto = z.infer<typeof LessonDto>;
export const LessonPage = z.object({ items: z.array(LessonDto), nextCursor: z.string().nullable() }).meta({ id: 'LessonPage' });
export type LessonPage = z.infer<typeof LessonPage>;
export const Lesson = z.string().trim().min(10, 'Say in a sentence what would have solved it').max(2000);
export const ProductFeedback = z.string().trim().min(1).max(2000);
