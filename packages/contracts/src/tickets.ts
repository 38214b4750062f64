import { z } from 'zod';
import { Id, PageQuery, Timestamp, page } from './common.ts';

export const TicketStatus = z.enum(['new', 'open', 'pending', 'on_hold', 'solved', 'closed']);
export type TicketStatus = z.infer<typeof TicketStatus>;
export const Priority = z.enum(['low', 'normal', 'high', 'urgent']);
export type Priority = z.infer<typeof Priority>;
export const Channel = z.enum(['email', 'web', 'chat', 'phone', 'api']);
export type Channel = z.infer<typeof Channel>;
export const Outcome = z.enum(['solved', 'workaround', 'could_not_solve']);
export type Outcome = z.infer<typeof Outcome>;

export const SlaMetric = z.enum(['first_reply', 'next_reply', 'resolution']);
export type SlaMetric = z.infer<typeof SlaMetric>;
export const SlaState = z.enum(['running', 'paused', 'met', 'breached']);
export type SlaState = z.infer<typeof SlaState>;
/** The SLA summary on ticket lists: a breached clock, else the running clock due soonest. */
export const SlaSummary = z
  .object({
    metric: SlaMetric,
    state: SlaState,
    dueAt: z.iso.datetime({ offset: true }).nullable(),
    warning: z.boolean().describe('Running and within the warning window, or breached'),
  })
  .meta({ id: 'SlaSummary' });
export type SlaSummary = z.infer<typeof SlaSummary>;
/** View filter on SLA state: a breached clock, a clock in its warning window, any running clock, no clock. */
export const SlaFilter = z.enum(['breached', 'warning', 'running', 'none']);
export type SlaFilter = z.infer<typeof SlaFilter>;

export const TagName = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(50)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}_-]*$/u, 'Tags are letters, digits, - and _');

export const CustomFieldValue = z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]);
export const CustomFieldValues = z.record(z.string().max(64), CustomFieldValue);

export const PersonRef = z.object({ id: Id, name: z.string() });

export const TicketSummary = z
  .object({
    id: Id,
    number: z.number().int(),
    subject: z.string(),
    status: TicketStatus,
    priority: Priority,
    channel: Channel,
    language: z.string().nullable(),
    customer: PersonRef.extend({ email: z.string().nullable(), tier: z.string() }),
    assignee: PersonRef.nullable(),
    team: PersonRef.nullable(),
    tags: z.array(z.string()),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    lastMessageAt: Timestamp.nullable(),
    firstReplyAt: Timestamp.nullable(),
    solvedAt: Timestamp.nullable(),
    outcome: Outcome.nullable(),
    mergedIntoId: Id.nullable(),
    isUnread: z.boolean().optional().describe('In ticket lists: the latest message is newer than when you last read the ticket'),
    sla: SlaSummary.nullable().optional().describe('The SLA clock that matters most now; null without an SLA'),
  })
  .meta({ id: 'TicketSummary' });
export type TicketSummary = z.infer<typeof TicketSummary>;

export const MessageDirection = z.enum(['inbound', 'outbound']);
export const Author = z.object({ type: z.enum(['customer', 'agent', 'system']), id: Id.nullable(), name: z.string() });

export const ThreadRule = z.enum(['new_ticket', 'reply_token', 'references', 'subject', 'accepted', 'moved', 'split']);
export type ThreadRule = z.infer<typeof ThreadRule>;
export const DeliveryStatus = z.enum(['queued', 'sent', 'failed']);
const AuthVerdict = z.string().describe('pass, fail, softfail, neutral, none, temperror, permerror or skipped');
export const EmailMeta = z
  .object({
    from: z.object({ address: z.string(), name: z.string() }).nullable(),
    to: z.array(z.object({ address: z.string(), name: z.string() })),
    cc: z.array(z.object({ address: z.string(), name: z.string() })),
    auth: z.object({ spf: AuthVerdict, dkim: AuthVerdict, dmarc: AuthVerdict, dmarcPolicy: z.string().nullable() }).nullable(),
    autoSubmitted: z.string().nullable(),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'EmailMeta' });
export type EmailMeta = z.infer<typeof EmailMeta>;

export const MessageDto = z
  .object({
    id: Id,
    ticketId: Id,
    direction: MessageDirection,
    channel: Channel,
    author: Author,
    text: z.string(),
    html: z.string().nullable().describe('Sanitised HTML, when the original had HTML'),
    createdAt: Timestamp,
    hasRaw: z.boolean().describe('The stored raw original can be downloaded'),
    attachments: z.array(z.object({ id: Id, filename: z.string(), contentType: z.string(), size: z.number() })),
    threadRule: ThreadRule.nullable().describe('Which threading rule joined this message to the ticket (email)'),
    quotedText: z.string().nullable().describe('Quoted history and signature stripped from `text`'),
    delivery: z
      .object({ status: DeliveryStatus, error: z.string().nullable() })
      .nullable()
      .describe('Outbound email delivery: queued, sent, or failed with the reason (bounces included)'),
    email: EmailMeta.nullable().describe('Email details of an inbound email message'),
    undoUntil: Timestamp.nullable().optional().describe('A just-sent reply: its author may undo it until then (its email waits)'),
  })
  .meta({ id: 'Message' });
export type MessageDto = z.infer<typeof MessageDto>;

export const NoteDto = z
  .object({ id: Id, ticketId: Id, author: PersonRef, text: z.string(), createdAt: Timestamp })
  .meta({ id: 'Note' });
export type NoteDto = z.infer<typeof NoteDto>;

export const TicketDetail = TicketSummary.extend({
  customFields: CustomFieldValues,
  messages: z.array(MessageDto),
  notes: z.array(NoteDto),
}).meta({ id: 'TicketDetail' });
export type TicketDetail = z.infer<typeof TicketDetail>;

const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess((value) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value), z.array(item).max(20));

export const TicketSort = z.enum(['updated_desc', 'updated_asc', 'created_desc', 'created_asc', 'priority_desc', 'priority_asc', 'sla_due_asc']);
export type TicketSort = z.infer<typeof TicketSort>;

export const ListTicketsQuery = PageQuery.extend({
  status: csv(TicketStatus).optional(),
  priority: csv(Priority).optional(),
  channel: csv(Channel).optional(),
  assignee: z.union([z.literal('me'), z.literal('none'), Id]).optional(),
  team: Id.optional(),
  tag: TagName.optional(),
  customer: Id.optional(),
  language: csv(z.string().trim().toLowerCase().min(2).max(8)).optional(),
  tier: csv(z.enum(['standard', 'priority', 'enterprise'])).optional().describe("The customer's tier"),
  field: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,63}:.{1,200}$/s, 'A custom field key, a colon and the value, e.g. plan:pro')
    .optional()
    .describe('Custom field equality: key:value'),
  sla: SlaFilter.optional().describe('SLA state: breached, warning (due soon), running, none'),
  sort: TicketSort.default('updated_desc'),
}).strict();
export type ListTicketsQuery = z.infer<typeof ListTicketsQuery>;

export const TicketPage = page(TicketSummary).meta({ id: 'TicketPage' });
export type TicketPage = z.infer<typeof TicketPage>;

export const TicketRefParams = z
  .object({ ref: z.string().regex(/^(\d{1,12}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, 'A ticket number or id') })
  .strict();

export const CreateTicketBody = z
  .object({
    subject: z.string().trim().min(1).max(300),
    text: z.string().min(1).max(100_000).describe('The first message, from the customer'),
    customer: z.union([
      z.object({ id: Id }).strict(),
      z.object({ email: z.email().max(320), name: z.string().max(200).optional() }).strict(),
    ]),
    channel: Channel.default('api'),
    priority: Priority.default('normal'),
    status: TicketStatus.optional(),
    assigneeId: Id.nullable().optional(),
    teamId: Id.nullable().optional(),
    tags: z.array(TagName).max(30).optional(),
    customFields: CustomFieldValues.optional(),
    language: z.string().min(2).max(8).optional(),
  })
  .strict();
export type CreateTicketBody = z.infer<typeof CreateTicketBody>;

export const UpdateTicketBody = z
  .object({
    subject: z.string().trim().min(1).max(300).optional(),
    status: TicketStatus.optional(),
    priority: Priority.optional(),
    assigneeId: Id.nullable().optional(),
    teamId: Id.nullable().optional(),
    tags: z.array(TagName).max(30).optional().describe('Replaces the tag set'),
    addTags: z.array(TagName).max(30).optional(),
    removeTags: z.array(TagName).max(30).optional(),
    customFields: CustomFieldValues.optional().describe('Merged into the current values; null clears one'),
    outcome: Outcome.nullable().optional(),
    lesson: z
      .string()
      .trim()
      .min(10, 'Say in a sentence what would have solved it')
      .max(2000)
      .optional()
      .describe('Required with outcome could_not_solve: what we learned'),
    productFeedback: z.string().trim().min(1).max(2000).optional().describe('Optional with could_not_solve: what the product should do'),
    language: z.string().min(2).max(8).nullable().optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'Send at least one field to change')
  .refine((body) => body.outcome !== 'could_not_solve' || body.lesson !== undefined, {
    message: '"Could not solve" needs a short lesson',
    path: ['lesson'],
  })
  .refine((body) => (body.lesson === undefined && body.productFeedback === undefined) || body.outcome === 'could_not_solve', {
    message: 'A lesson goes with the outcome could_not_solve',
    path: ['lesson'],
  });
export type UpdateTicketBody = z.infer<typeof UpdateTicketBody>;

export const ReplyBody = z
  .object({
    text: z.string().trim().min(1).max(100_000),
    status: TicketStatus.optional().describe('Set the status in the same step, e.g. solved or pending'),
    attachmentIds: z.array(Id).max(10).optional().describe('Composer uploads (POST /api/v1/uploads) sent with the reply'),
    macroId: Id.optional().describe('The macro the reply was written with: its actions are applied and its usage counted'),
    confirmNewMessages: z.boolean().optional().describe('Send even if the customer wrote after the draft was started'),
  })
  .strict();
export type ReplyBody = z.infer<typeof ReplyBody>;

export const NoteBody = z
  .object({
    text: z.string().trim().min(1).max(100_000),
    mentions: z.array(Id).max(50).optional().describe('Members @mentioned in the note; each is notified'),
    macroId: Id.optional().describe('The macro the note was written with: its actions are applied at once'),
  })
  .strict();
export type NoteBody = z.infer<typeof NoteBody>;

export const MergeBody = z
  .object({ intoTicketId: Id.describe('The ticket that survives; this one is closed and points at it') })
  .strict();
export const SplitParams = z.object({ ref: TicketRefParams.shape.ref, messageId: Id }).strict();
export const SplitBody = z.object({ subject: z.string().trim().min(1).max(300).optional() }).strict();
