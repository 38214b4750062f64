/**
 * Overrides of automatic decisions (issue 7 part 9, P7): a person may override an SLA clock, routing,
 * the automatic close, a discretion limit or an automation, always with a reason. Every override is
 * recorded; a ticket lists its own, leads list them all.
 */
import { z } from 'zod';
import { Id, PageQuery, Timestamp, page } from './common.ts';
import { PersonRef, SlaMetric, TicketRefParams } from './tickets.ts';

export const OverrideKind = z.enum(['sla', 'routing', 'auto_close', 'limit', 'automation']);
export type OverrideKind = z.infer<typeof OverrideKind>;

/** Why a person overrides an automatic decision: required, 3 to 2000 characters. */
export const OverrideReason = z.string().trim().min(3, 'Say in a few words why you override this').max(2000);

export const DecisionOverrideDto = z
  .object({
    id: Id,
    ticket: z.object({ id: Id, number: z.number().int(), subject: z.string() }),
    kind: OverrideKind,
    subject: z.string().nullable().describe('What inside the kind: the SLA metric, the routing action, the automation or resolution action id'),
    reason: z.string(),
    before: z.record(z.string(), z.unknown()),
    after: z.record(z.string(), z.unknown()),
    actor: PersonRef.nullable().describe('Who overrode it (null when that person was deleted since)'),
    createdAt: Timestamp,
  })
  .meta({ id: 'DecisionOverride' });
export type DecisionOverrideDto = z.infer<typeof DecisionOverrideDto>;

export const DecisionOverrideList = z.object({ items: z.array(DecisionOverrideDto) }).meta({ id: 'DecisionOverrideList' });
export type DecisionOverrideList = z.infer<typeof DecisionOverrideList>;
export const DecisionOverridePage = page(DecisionOverrideDto).meta({ id: 'DecisionOverridePage' });
export type DecisionOverridePage = z.infer<typeof DecisionOverridePage>;

export const ListOverridesQuery = PageQuery.extend({ kind: OverrideKind.optional() }).strict();
export type ListOverridesQuery = z.input<typeof ListOverridesQuery>;

// ---- SLA clocks -------------------------------------------------------------------------------

export const SlaOverrideParams = TicketRefParams.extend({ metric: SlaMetric });
export type SlaOverrideParams = z.infer<typeof SlaOverrideParams>;

/** At most 30 days at once. */
export const maxExtendMinutes = 43_200;

export const SlaOverrideBody = z.discriminatedUnion('action', [
  z
    .object({
      action: z.literal('extend').describe('Add minutes to the target: the due and warning times move'),
      minutes: z.number().int().min(1).max(maxExtendMinutes),
      reason: OverrideReason,
    })
    .strict(),
  z.object({ action: z.literal('waive').describe('Stop the clock for good: it never warns or breaches'), reason: OverrideReason }).strict(),
]);
export type SlaOverrideBody = z.infer<typeof SlaOverrideBody>;

// ---- Routing ----------------------------------------------------------------------------------

export const RoutingOverrideBody = z.union([
  z.object({ action: z.literal('resume').describe('Turn automatic routing back on (and route the ticket if nobody has it)'), reason: OverrideReason }).strict(),
  z
    .object({
      action: z.literal('assign').optional(),
      assigneeId: Id.nullable().optional(),
      teamId: Id.nullable().optional(),
      reason: OverrideReason,
    })
    .strict()
    .refine((body) => body.assigneeId !== undefined || body.teamId !== undefined, 'Choose an assignee or a team'),
]);
export type RoutingOverrideBody = z.infer<typeof RoutingOverrideBody>;

/** How routing stands on a ticket: whether it may route it, its flag, and the override that turned it off. */
export const TicketRoutingState = z
  .object({
    autoRouting: z.boolean().describe('False once a person routed the ticket by hand: automatic routing leaves it alone'),
    routingFlag: z.string().nullable().describe('Set when routing could not do what it should, e.g. no_language_match'),
    language: z.string().nullable(),
    teamId: Id.nullable(),
    override: z
      .object({ reason: z.string(), actor: PersonRef.nullable(), createdAt: Timestamp })
      .nullable()
      .describe('The routing override that turned automatic routing off (while it is off)'),
  })
  .meta({ id: 'TicketRoutingState' });
export type TicketRoutingState = z.infer<typeof TicketRoutingState>;
