/**
 * Playbooks (issue 7 part 8; P24, P27, P30): guided steps for the common and the hard situations,
 * with a checklist per ticket, a suggested macro and the resolution actions the situation allows.
 * Four are built in (seeded into every workspace); admins and leads may edit or switch them off and
 * add their own.
 */
import { z } from 'zod';
import { Id, Timestamp } from './common.ts';
import { TicketRefParams } from './tickets.ts';

/** Stable keys of the built-in playbooks. */
export const builtInPlaybookKeys = ['angry_customer', 'our_mistake', 'delayed_shipment', 'refund_request'] as const;
export const PlaybookKey = z.enum(builtInPlaybookKeys);
export type PlaybookKey = z.infer<typeof PlaybookKey>;

/** Resolution actions a playbook may allow (carried out by a later part of issue 7). */
export const resolutionActions = ['refund', 'store_credit', 'replacement', 'discount', 'free_shipping'] as const;
export const ResolutionAction = z.enum(resolutionActions);
export type ResolutionAction = z.infer<typeof ResolutionAction>;

export const PlaybookStep = z
  .object({
    title: z.string().trim().min(1).max(200),
    detail: z.string().trim().max(2_000).default(''),
  })
  .strict()
  .meta({ id: 'PlaybookStep' });
export type PlaybookStep = z.infer<typeof PlaybookStep>;

export const PlaybookDto = z
  .object({
    id: Id,
    key: PlaybookKey.nullable().describe('Set on the built-in playbooks (which may be edited or switched off, not deleted); null on custom ones'),
    name: z.string(),
    description: z.string(),
    steps: z.array(z.object({ title: z.string(), detail: z.string() })),
    suggestedMacro: z
      .object({ id: Id, name: z.string() })
      .nullable()
      .describe('A shared macro to start the reply with; null when none is set (or it was deleted)'),
    allowedActions: z.array(ResolutionAction),
    enabled: z.boolean(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Playbook' });
export type PlaybookDto = z.infer<typeof PlaybookDto>;

export const PlaybookList = z.object({ items: z.array(PlaybookDto) }).meta({ id: 'PlaybookList' });
export type PlaybookList = z.infer<typeof PlaybookList>;

const PlaybookName = z.string().trim().min(1).max(120);
const PlaybookDescription = z.string().trim().max(2_000);
const PlaybookSteps = z.array(PlaybookStep).min(1).max(20);
const AllowedActions = z
  .array(ResolutionAction)
  .max(resolutionActions.length)
  .refine((actions) => new Set(actions).size === actions.length, 'List each action once');

export const CreatePlaybookBody = z
  .object({
    name: PlaybookName,
    description: PlaybookDescription.default(''),
    steps: PlaybookSteps,
    suggestedMacroId: Id.nullable().default(null).describe('A shared macro of the workspace'),
    allowedActions: AllowedActions.default([]),
    enabled: z.boolean().default(true),
  })
  .strict();
export type CreatePlaybookBody = z.input<typeof CreatePlaybookBody>;

export const UpdatePlaybookBody = z
  .object({
    name: PlaybookName.optional(),
    description: PlaybookDescription.optional(),
    steps: PlaybookSteps.optional(),
    suggestedMacroId: Id.nullable().optional(),
    allowedActions: AllowedActions.optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'Send at least one field to change');
export type UpdatePlaybookBody = z.input<typeof UpdatePlaybookBody>;

// ---- Runs on a ticket -------------------------------------------------------------------------

export const PlaybookRunDto = z
  .object({
    playbook: PlaybookDto,
    checkedSteps: z.array(z.number().int().min(0)).describe('Indexes of the checked steps, ascending'),
    startedById: Id.nullable(),
    startedAt: Timestamp,
    completedAt: Timestamp.nullable().describe('Set when every step is checked; cleared when one is unchecked again'),
  })
  .meta({ id: 'PlaybookRun' });
export type PlaybookRunDto = z.infer<typeof PlaybookRunDto>;

/** Why a playbook is suggested for a ticket: simple, explainable rules. */
export const PlaybookSuggestionRule = z.enum(['angry_tone', 'shipping_delay', 'refund_asked', 'tagged_our_mistake', 'mistake_words']);
export type PlaybookSuggestionRule = z.infer<typeof PlaybookSuggestionRule>;

export const PlaybookSuggestion = z
  .object({
    playbookId: Id,
    key: PlaybookKey,
    name: z.string(),
    rule: PlaybookSuggestionRule,
    evidence: z.array(z.string()).describe("What triggered the rule: the customer's words, the tone cues, or the tag"),
    reason: z.string().describe('The rule and its evidence in one sentence'),
  })
  .meta({ id: 'PlaybookSuggestion' });
export type PlaybookSuggestion = z.infer<typeof PlaybookSuggestion>;

export const TicketPlaybooks = z
  .object({
    runs: z.array(PlaybookRunDto).describe('Playbooks started on this ticket, oldest first'),
    suggested: z.array(PlaybookSuggestion).describe('Enabled playbooks not started yet whose rule matches, most pressing first'),
  })
  .meta({ id: 'TicketPlaybooks' });
export type TicketPlaybooks = z.infer<typeof TicketPlaybooks>;

export const StartPlaybookBody = z.object({ playbookId: Id }).strict();
export type StartPlaybookBody = z.infer<typeof StartPlaybookBody>;

export const PlaybookRunParams = z.object({ ref: TicketRefParams.shape.ref, playbookId: Id }).strict();

export const UpdatePlaybookRunBody = z
  .object({
    checkedSteps: z
      .array(z.number().int().min(0).max(99))
      .max(100)
      .describe('Indexes of every checked step (the whole set, not a change)'),
  })
  .strict();
export type UpdatePlaybookRunBody = z.infer<typeof UpdatePlaybookRunBody>;
