/**
 * Resolution actions and discretion limits (issue 7 part 7; P3, P29): an agent gives a refund, store
 * credit, replacement or reprint, discount or free shipping at once when it is within their role's
 * limit, and asks a lead (live) when it is above. Every action lands in the ledger. Amounts are
 * decimal strings ("12.50"), never floats; currencies are ISO 4217 codes. Rapport moves no money
 * itself: an approved action is sent as the signed `resolution_action.approved` webhook event.
 */
import { z } from 'zod';
import { Id, PageQuery, Timestamp } from './common.ts';
import { ResolutionAction } from './playbooks.ts';
import { TicketRefParams } from './tickets.ts';

export { ResolutionAction, resolutionActions } from './playbooks.ts';

/** A decimal amount: digits with at most two decimals, e.g. "12.50" (never a float). */
export const Money = z
  .string()
  .trim()
  .regex(/^\d{1,12}(\.\d{1,2})?$/, 'Write an amount like 12.50: digits, with at most two decimals')
  .describe('A decimal amount as a string, at most two decimals, e.g. "12.50"');
export type Money = z.infer<typeof Money>;

const knownCurrencies = new Set(Intl.supportedValuesOf('currency'));
/** An ISO 4217 currency code, upper case. */
export const Currency = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, 'Use a three-letter currency code such as EUR or USD')
  .refine((code) => knownCurrencies.has(code), 'Not a known ISO 4217 currency code')
  .describe('ISO 4217 currency code, e.g. EUR');

export const LimitRole = z.enum(['agent', 'lead', 'admin']);
export type LimitRole = z.infer<typeof LimitRole>;
export const LimitPeriod = z.enum(['day', 'week', 'month']);
export type LimitPeriod = z.infer<typeof LimitPeriod>;

// ---- Discretion limits (admins) ---------------------------------------------------------------

export const DiscretionLimitDto = z
  .object({
    id: Id,
    role: LimitRole,
    action: ResolutionAction,
    currency: z.string(),
    perAction: Money.describe('The most one action may give without approval'),
    perPeriod: Money.nullable().describe("The most one person's approved actions of this kind may add up to in the period; null = no period limit"),
    period: LimitPeriod,
    updatedAt: Timestamp,
  })
  .meta({ id: 'DiscretionLimit' });
export type DiscretionLimitDto = z.infer<typeof DiscretionLimitDto>;

export const DiscretionLimitList = z.object({ items: z.array(DiscretionLimitDto) }).meta({ id: 'DiscretionLimitList' });
export type DiscretionLimitList = z.infer<typeof DiscretionLimitList>;

export const DiscretionLimitInput = z
  .object({
    role: LimitRole,
    action: ResolutionAction,
    currency: Currency,
    perAction: Money,
    perPeriod: Money.nullable().default(null),
    period: LimitPeriod.default('month'),
  })
  .strict();
export type DiscretionLimitInput = z.input<typeof DiscretionLimitInput>;

/** The whole set of limits (replaces what is there). A role with no row for an action and currency has no discretion there; admins are unlimited unless a row says otherwise. */
export const PutDiscretionLimitsBody = z
  .object({ items: z.array(DiscretionLimitInput).max(300) })
  .strict()
  .refine(
    (body) => new Set(body.items.map((item) => `${item.role}|${item.action}|${item.currency.toUpperCase()}`)).size === body.items.length,
    'List each role, action and currency once',
  );
export type PutDiscretionLimitsBody = z.input<typeof PutDiscretionLimitsBody>;

/** The signed-in person's own limits and what they have used in the current period. */
export const MyDiscretionItem = z.object({
  action: ResolutionAction,
  currency: z.string(),
  perAction: Money.nullable().describe('null = unlimited (admins without a row)'),
  perPeriod: Money.nullable(),
  period: LimitPeriod.nullable(),
  periodStart: Timestamp.nullable(),
  usedInPeriod: Money,
  remainingInPeriod: Money.nullable().describe('null = no period limit'),
});
export type MyDiscretionItem = z.infer<typeof MyDiscretionItem>;

export const MyDiscretion = z
  .object({
    role: LimitRole,
    unlimited: z.boolean().describe('True for an admin: actions without a row of theirs need no approval'),
    items: z.array(MyDiscretionItem),
    currencies: z.array(z.string()).describe('The currencies the workspace has limits in, most used first (the first is the default in forms)'),
  })
  .meta({ id: 'MyDiscretion' });
export type MyDiscretion = z.infer<typeof MyDiscretion>;

// ---- Actions and the ledger -------------------------------------------------------------------

export const ResolutionStatus = z.enum(['approved', 'pending', 'rejected', 'cancelled']);
export type ResolutionStatus = z.infer<typeof ResolutionStatus>;

/** Why an action needed approval. */
export const ApprovalReason = z.enum(['above_per_action', 'above_period', 'no_limit']);
export type ApprovalReason = z.infer<typeof ApprovalReason>;

const Person = z.object({ id: Id, name: z.string() });

export const Severity = z.enum(['low', 'medium', 'high']);
export type Severity = z.infer<typeof Severity>;

/**
 * A proposed action for the ticket, always within the asking agent's limit, with the facts it
 * rests on: how severe the complaint reads, whether it was our mistake, and the customer's history.
 */
export const ResolutionSuggestion = z
  .object({
    action: ResolutionAction,
    amount: Money,
    currency: z.string(),
    severity: Severity,
    ourMistake: z.boolean(),
    history: z.object({
      ticketsLastYear: z.number().int().min(0),
      actionsLastYear: z.number().int().min(0).describe('Approved resolution actions for this customer in the last 365 days'),
    }),
    reasons: z.array(z.string()).describe('Each fact behind the proposal, in one short sentence'),
  })
  .meta({ id: 'ResolutionSuggestion' });
export type ResolutionSuggestion = z.infer<typeof ResolutionSuggestion>;

export const ResolutionActionDto = z
  .object({
    id: Id,
    ticketId: Id,
    ticketNumber: z.number().int(),
    ticketSubject: z.string(),
    customer: Person,
    action: ResolutionAction,
    amount: Money,
    currency: z.string(),
    reason: z.string(),
    status: ResolutionStatus,
    approval: z.enum(['within_limit', 'approver']).nullable(),
    approvalReason: ApprovalReason.nullable().describe('Set on actions that needed approval: which limit they were above'),
    requestedBy: Person.nullable(),
    approver: Person.nullable(),
    decisionNote: z.string().nullable(),
    decidedAt: Timestamp.nullable(),
    suggested: z.boolean().describe('The agent took the suggestion as shown'),
    createdAt: Timestamp,
  })
  .meta({ id: 'ResolutionAction' });
export type ResolutionActionDto = z.infer<typeof ResolutionActionDto>;

export const CreateResolutionActionBody = z
  .object({
    action: ResolutionAction,
    amount: Money,
    currency: Currency,
    reason: z.string().trim().min(3, 'Say why, in a few words').max(2_000),
    /** The suggestion as shown, when the agent took it (kept in the ledger). */
    suggestion: ResolutionSuggestion.nullable().default(null),
  })
  .strict();
export type CreateResolutionActionBody = z.input<typeof CreateResolutionActionBody>;

export const TicketResolutions = z
  .object({
    items: z.array(ResolutionActionDto).describe('Oldest first'),
    suggestion: ResolutionSuggestion.nullable().describe('null when nothing fits within the limit, or the ticket is closed'),
    allowedActions: z.array(ResolutionAction).describe("The actions the ticket's started playbooks allow (all five when none is started)"),
  })
  .meta({ id: 'TicketResolutions' });
export type TicketResolutions = z.infer<typeof TicketResolutions>;

export const DecideResolutionBody = z
  .object({
    decision: z.enum(['approve', 'reject']),
    note: z.string().trim().max(2_000).default(''),
  })
  .strict()
  .refine((body) => body.decision === 'approve' || body.note.length > 0, { message: 'Say why it is rejected', path: ['note'] });
export type DecideResolutionBody = z.input<typeof DecideResolutionBody>;

export const LedgerQuery = PageQuery.extend({
  status: ResolutionStatus.optional(),
  action: ResolutionAction.optional(),
  requestedById: Id.optional(),
  currency: z.string().trim().toUpperCase().length(3).optional(),
  from: Timestamp.optional().describe('Created at or after'),
  to: Timestamp.optional().describe('Created before'),
});
export type LedgerQuery = z.input<typeof LedgerQuery>;

export const LedgerCsvQuery = LedgerQuery.omit({ cursor: true, limit: true });

export const ResolutionPage = z.object({ items: z.array(ResolutionActionDto), nextCursor: z.string().nullable() }).meta({ id: 'ResolutionPage' });
export type ResolutionPage = z.infer<typeof ResolutionPage>;

export const ResolutionParams = z.object({ id: Id }).strict();
export const TicketResolutionParams = TicketRefParams;

/** Topics of the outbox events (and webhook events) of this part. */
export const resolutionTopics = {
  requested: 'resolution_action.requested',
  approved: 'resolution_action.approved',
  rejected: 'resolution_action.rejected',
  cancelled: 'resolution_action.cancelled',
} as const;

/** The data of the `resolution_action.approved` webhook event (what a shop system needs to carry it out). */
export const ResolutionApprovedEventData = z
  .object({
    resolutionActionId: Id,
    ticketId: Id,
    ticketNumber: z.number().int(),
    customer: z.object({ id: Id, name: z.string(), email: z.string().nullable() }),
    action: ResolutionAction,
    amount: Money,
    currency: z.string(),
    reason: z.string(),
    requestedBy: Person.nullable(),
    approver: Person.nullable().describe('null when it was within the requester\'s limit'),
    approval: z.enum(['within_limit', 'approver']),
    approvedAt: Timestamp,
  })
  .meta({ id: 'ResolutionApprovedEventData' });
export type ResolutionApprovedEventData = z.infer<typeof ResolutionApprovedEventData>;
