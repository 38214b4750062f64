/**
 * Automations (issue 7 part 9; P7): when something happens to a ticket (it is created or updated,
 * the customer replies, an SLA clock warns or breaches) or a while after one of its timestamps (time
 * rules), and the conditions hold, the actions run as the system. Every run is logged on the
 * ticket; an automation that keeps re-triggering itself on one ticket is stopped and reported; a
 * person can override any run (revert what it changed) with a reason, after which that automation
 * leaves the ticket alone.
 */
import { z } from 'zod';
import { Id, PageQuery, Timestamp } from './common.ts';
import { Channel, Priority, TicketRefParams, TicketStatus } from './tickets.ts';

export const automationTriggers = ['ticket_created', 'ticket_updated', 'customer_replied', 'sla_warning', 'sla_breached', 'time'] as const;
export const AutomationTrigger = z.enum(automationTriggers);
export type AutomationTrigger = z.infer<typeof AutomationTrigger>;

export const TimeAnchor = z.enum(['created', 'updated', 'last_message', 'pending_since', 'solved']);
export type TimeAnchor = z.infer<typeof TimeAnchor>;

const Is = z.enum(['is', 'is_not']);
const TagName = z.string().trim().min(1).max(100);

export const AutomationCondition = z
  .discriminatedUnion('field', [
    z.object({ field: z.literal('status'), operator: Is, value: TicketStatus }).strict(),
    z.object({ field: z.literal('priority'), operator: z.enum(['is', 'is_not', 'above', 'below']), value: Priority }).strict(),
    z.object({ field: z.literal('channel'), operator: Is, value: Channel }).strict(),
    z.object({ field: z.literal('tags'), operator: z.enum(['includes', 'excludes']), value: TagName }).strict(),
    z.object({ field: z.literal('team'), operator: Is, value: Id.nullable().describe('null = no team') }).strict(),
    z.object({ field: z.literal('assignee'), operator: Is, value: Id.nullable().describe('null = unassigned') }).strict(),
    z.object({ field: z.literal('language'), operator: Is, value: z.string().trim().min(2).max(20).nullable() }).strict(),
    z.object({ field: z.literal('subject'), operator: z.enum(['contains', 'not_contains']), value: z.string().trim().min(1).max(200) }).strict(),
    z.object({ field: z.literal('customer_tier'), operator: Is, value: z.enum(['standard', 'priority', 'enterprise']) }).strict(),
    z.object({ field: z.literal('sla'), operator: Is, value: z.enum(['ok', 'warning', 'breached']).describe('The worst state of the ticket\'s running SLA clocks') }).strict(),
  ])
  .meta({ id: 'AutomationCondition' });
export type AutomationCondition = z.infer<typeof AutomationCondition>;

export const AutomationConditions = z
  .object({
    all: z.array(AutomationCondition).max(20).default([]).describe('Every one must hold'),
    any: z.array(AutomationCondition).max(20).default([]).describe('At least one must hold (ignored when empty)'),
  })
  .strict()
  .meta({ id: 'AutomationConditions' });
export type AutomationConditions = z.infer<typeof AutomationConditions>;

export const AutomationAction = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('set_status'), status: TicketStatus }).strict(),
    z.object({ type: z.literal('set_priority'), priority: Priority }).strict(),
    z.object({ type: z.literal('assign_team'), teamId: Id.nullable() }).strict(),
    z.object({ type: z.literal('assign_agent'), userId: Id.nullable().describe('null = unassign') }).strict(),
    z.object({ type: z.literal('add_tags'), tags: z.array(TagName).min(1).max(20) }).strict(),
    z.object({ type: z.literal('remove_tags'), tags: z.array(TagName).min(1).max(20) }).strict(),
    z.object({ type: z.literal('add_note'), text: z.string().trim().min(1).max(5_000) }).strict(),
    z
      .object({
        type: z.literal('notify'),
        to: z.enum(['assignee', 'team', 'leads']).describe('The assignee, every member of the ticket\'s team, or every lead and admin'),
        text: z.string().trim().min(1).max(500),
      })
      .strict(),
  ])
  .meta({ id: 'AutomationAction' });
export type AutomationAction = z.infer<typeof AutomationAction>;

export const AutomationTime = z
  .object({
    anchor: TimeAnchor,
    afterMinutes: z.number().int().min(1).max(60 * 24 * 365),
    businessHours: z.boolean().default(false),
  })
  .strict()
  .meta({ id: 'AutomationTime' });
export type AutomationTime = z.infer<typeof AutomationTime>;

export const AutomationDto = z
  .object({
    id: Id,
    name: z.string(),
    description: z.string(),
    enabled: z.boolean(),
    trigger: AutomationTrigger,
    time: AutomationTime.nullable().describe('Set on time rules only'),
    conditions: AutomationConditions,
    actions: z.array(AutomationAction),
    position: z.number().int(),
    stats: z.object({
      runsLast7Days: z.number().int(),
      loopsStoppedLast7Days: z.number().int().describe('Tickets on which the automation was stopped because it kept re-triggering itself'),
      lastRunAt: Timestamp.nullable(),
    }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Automation' });
export type AutomationDto = z.infer<typeof AutomationDto>;

export const AutomationList = z.object({ items: z.array(AutomationDto).describe('In position order') }).meta({ id: 'AutomationList' });
export type AutomationList = z.infer<typeof AutomationList>;

const AutomationName = z.string().trim().min(1).max(120);

export const CreateAutomationBody = z
  .object({
    name: AutomationName,
    description: z.string().trim().max(2_000).default(''),
    enabled: z.boolean().default(true),
    trigger: AutomationTrigger,
    time: AutomationTime.nullable().default(null),
    conditions: AutomationConditions.default({ all: [], any: [] }),
    actions: z.array(AutomationAction).min(1).max(20),
  })
  .strict()
  .refine((body) => (body.trigger === 'time') === (body.time !== null), { message: 'A time rule needs its delay; other triggers take none', path: ['time'] });
export type CreateAutomationBody = z.input<typeof CreateAutomationBody>;

export const UpdateAutomationBody = z
  .object({
    name: AutomationName.optional(),
    description: z.string().trim().max(2_000).optional(),
    enabled: z.boolean().optional(),
    trigger: AutomationTrigger.optional(),
    time: AutomationTime.nullable().optional(),
    conditions: AutomationConditions.optional(),
    actions: z.array(AutomationAction).min(1).max(20).optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'Send at least one field to change');
export type UpdateAutomationBody = z.input<typeof UpdateAutomationBody>;

export const AutomationOrderBody = z.object({ ids: z.array(Id).min(1).max(500) }).strict();
export type AutomationOrderBody = z.infer<typeof AutomationOrderBody>;

// ---- The run log ------------------------------------------------------------------------------

export const AutomationRunOutcome = z.enum(['applied', 'stopped_loop', 'failed']);
export type AutomationRunOutcome = z.infer<typeof AutomationRunOutcome>;

export const AutomationRunDto = z
  .object({
    id: Id,
    automation: z.object({ id: Id, name: z.string() }),
    ticketId: Id,
    ticketNumber: z.number().int(),
    trigger: z.string(),
    outcome: AutomationRunOutcome,
    changes: z.record(z.string(), z.unknown()).describe('What the actions changed: {field: {from, to}}, notes and notifications written'),
    error: z.string().nullable(),
    overridden: z
      .object({ by: z.object({ id: Id, name: z.string() }).nullable(), reason: z.string(), at: Timestamp, reverted: z.boolean() })
      .nullable()
      .describe('Set when a person overrode this run'),
    createdAt: Timestamp,
  })
  .meta({ id: 'AutomationRun' });
export type AutomationRunDto = z.infer<typeof AutomationRunDto>;

export const AutomationRunList = z.object({ items: z.array(AutomationRunDto).describe('Oldest first') }).meta({ id: 'AutomationRunList' });
export type AutomationRunList = z.infer<typeof AutomationRunList>;

export const AutomationRunPage = z.object({ items: z.array(AutomationRunDto), nextCursor: z.string().nullable() }).meta({ id: 'AutomationRunPage' });
export type AutomationRunPage = z.infer<typeof AutomationRunPage>;

export const AutomationRunsQuery = PageQuery.extend({ outcome: AutomationRunOutcome.optional() });

export const AutomationRunParams = z.object({ ref: TicketRefParams.shape.ref, runId: Id }).strict();

export const OverrideAutomationRunBody = z
  .object({
    reason: z.string().trim().min(3, 'Say why, in a few words').max(2_000),
    revert: z.boolean().default(true).describe('Undo what the run changed (fields still holding the value it set)'),
  })
  .strict();
export type OverrideAutomationRunBody = z.input<typeof OverrideAutomationRunBody>;

// ---- Notifications the engine sends (kinds 'automation' and 'automation_loop') -----------------

/** `data` of an 'automation' notification: an automation's notify action. */
export interface AutomationNotificationData {
  automationId: string;
  automationName: string;
  text: string;
  number: number;
  subject: string;
}

/** `data` of an 'automation_loop' notification (to every lead and admin): an automation kept re-triggering itself on a ticket and was stopped. */
export interface AutomationLoopNotificationData {
  automationId: string;
  automationName: string;
  number: number;
  subject: string;
  /** How many runs it made in the window before it was stopped. */
  runs: number;
  windowMinutes: number;
}
