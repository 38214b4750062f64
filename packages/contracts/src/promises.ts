/**
 * Promises (issue 7 part 6, P26): what an agent committed to in a sent reply ("I'll call you
 * tomorrow at 10:00") becomes a follow-up with a due time, a reminder before it, and an end a
 * person decides: kept, broken, or dropped with a reason. An overdue promise stays open.
 */
import { z } from 'zod';
import { Id, Timestamp } from './common.ts';

export const promiseStatuses = ['open', 'kept', 'broken', 'dropped'] as const;
export const PromiseStatus = z.enum(promiseStatuses);
export type PromiseStatus = z.infer<typeof PromiseStatus>;

/** The list filter: a stored status, or "overdue" (open and past its due time). */
export const PromiseStatusFilter = z.enum(['open', 'overdue', 'kept', 'broken', 'dropped']);
export type PromiseStatusFilter = z.infer<typeof PromiseStatusFilter>;

const PromisePerson = z.object({ id: Id, name: z.string() });

export const PromiseDto = z
  .object({
    id: Id,
    ticket: z.object({ id: Id, number: z.number().int(), subject: z.string() }),
    /** The reply that made it. */
    messageId: Id.nullable(),
    /** Who made it (the reply's author); null when that member was removed. */
    owner: PromisePerson.nullable(),
    text: z.string(),
    dueAt: Timestamp,
    remindAt: Timestamp.nullable(),
    remindedAt: Timestamp.nullable(),
    status: PromiseStatus,
    /** Open and past its due time (still open: a person marks it kept or broken). */
    overdue: z.boolean(),
    /** The reason of the last edit, or why it was dropped. */
    reason: z.string().nullable(),
    resolvedBy: PromisePerson.nullable(),
    resolvedAt: Timestamp.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Promise' });
export type PromiseDto = z.infer<typeof PromiseDto>;

export const TicketPromiseList = z.object({ items: z.array(PromiseDto) }).meta({ id: 'TicketPromiseList' });
export type TicketPromiseList = z.infer<typeof TicketPromiseList>;

export const PromisePage = z.object({ items: z.array(PromiseDto), nextCursor: z.string().nullable() }).meta({ id: 'PromisePage' });
export type PromisePage = z.infer<typeof PromisePage>;

export const ListPromisesQuery = z
  .object({
    /** "me", a member's id, or left out for everyone's. */
    owner: z.union([z.literal('me'), Id]).optional(),
    /** Default: open. Open and overdue list the soonest due first; closed ones the latest due first. */
    status: PromiseStatusFilter.default('open'),
    cursor: z.string().max(500).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type ListPromisesQuery = z.infer<typeof ListPromisesQuery>;

export const PromiseReason = z.string().trim().min(3, 'Say in a few words why').max(500);

/**
 * Either an edit — a new text and/or due time, with the reason for it — or an end: kept, broken,
 * or dropped (dropping needs a reason). Only an open promise changes.
 */
export const UpdatePromiseBody = z
  .object({
    text: z.string().trim().min(1).max(1000).optional(),
    dueAt: Timestamp.optional(),
    status: z.enum(['kept', 'broken', 'dropped']).optional(),
    reason: PromiseReason.optional(),
  })
  .strict()
  .superRefine((body, context) => {
    const isEdit = body.text !== undefined || body.dueAt !== undefined;
    if (body.status !== undefined && isEdit) {
      context.addIssue({ code: 'custom', message: 'Either edit the promise or close it, not both', path: ['status'] });
    } else if (body.status === undefined && !isEdit) {
      context.addIssue({ code: 'custom', message: 'Send a new text or due time, or a status', path: ['status'] });
    } else if (isEdit && body.reason === undefined) {
      context.addIssue({ code: 'custom', message: 'Say why the promise changes', path: ['reason'] });
    } else if (body.status === 'dropped' && body.reason === undefined) {
      context.addIssue({ code: 'custom', message: 'Say why the promise is dropped', path: ['reason'] });
    }
  });
export type UpdatePromiseBody = z.infer<typeof UpdatePromiseBody>;

/** The `promise_reminder` notification's data (besides number and subject of the ticket). */
export const PromiseReminderData = z.object({
  number: z.number().int(),
  subject: z.string(),
  excerpt: z.string(),
  promiseId: Id,
  dueAt: Timestamp,
});
export type PromiseReminderData = z.infer<typeof PromiseReminderData>;
