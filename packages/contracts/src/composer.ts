/**
 * The composer (issue 6, part 3): macros, server-side drafts, composer uploads, undo-send and the
 * coach-dismissal record. Replies and notes themselves stay in tickets.ts.
 */
import { z } from 'zod';
import { Id, Timestamp } from './common.ts';
import { Priority, TagName, TicketRefParams, TicketStatus } from './tickets.ts';

// ---- Macros ---------------------------------------------------------------------------------

/** Ticket changes a macro applies when the reply (or note) written with it is sent. */
export const MacroActions = z
  .object({
    status: TicketStatus.optional(),
    priority: Priority.optional(),
    addTags: z.array(TagName).max(20).optional(),
    assigneeId: Id.nullable().optional(),
    teamId: Id.nullable().optional(),
  })
  .strict()
  .meta({ id: 'MacroActions' });
export type MacroActions = z.infer<typeof MacroActions>;

export const MacroScope = z.enum(['shared', 'personal']);
export type MacroScope = z.infer<typeof MacroScope>;

/** 'clarifying': a clarifying-question snippet (P10), offered when asking the customer for details. */
export const MacroCategory = z.enum(['macro', 'clarifying']);
export type MacroCategory = z.infer<typeof MacroCategory>;

export const MacroDto = z
  .object({
    id: Id,
    name: z.string(),
    body: z.string(),
    actions: MacroActions,
    scope: MacroScope,
    category: MacroCategory,
    ownerId: Id.nullable(),
    usageCount: z.number().int(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Macro' });
export type MacroDto = z.infer<typeof MacroDto>;

export const MacroList = z.object({ items: z.array(MacroDto) }).meta({ id: 'MacroList' });
export type MacroList = z.infer<typeof MacroList>;

const MacroName = z.string().trim().min(1).max(120);
const MacroBodyText = z.string().min(1).max(20_000);

export const CreateMacroBody = z
  .object({
    name: MacroName,
    body: MacroBodyText,
    actions: MacroActions.optional(),
    scope: MacroScope.default('personal').describe('shared: the whole workspace (admins and leads); personal: only you'),
    category: MacroCategory.optional().describe('macro (the default): a canned reply; clarifying: a clarifying-question snippet'),
  })
  .strict();
export type CreateMacroBody = z.infer<typeof CreateMacroBody>;

export const UpdateMacroBody = z
  .object({ name: MacroName.optional(), body: MacroBodyText.optional(), actions: MacroActions.optional(), category: MacroCategory.optional() })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'Send at least one field to change');
export type UpdateMacroBody = z.infer<typeof UpdateMacroBody>;

export const RenderMacroQuery = z.object({ ticket: TicketRefParams.shape.ref }).strict();

export const RenderedMacro = z
  .object({
    macroId: Id,
    text: z.string().describe('The body with every known placeholder filled from the ticket, customer, agent and workspace'),
    unknownPlaceholders: z.array(z.string()).describe('Placeholders left as written because nothing fills them'),
    emptyPlaceholders: z.array(z.string()).describe('Known placeholders with no value for this ticket (left as written)'),
    actions: MacroActions,
  })
  .meta({ id: 'RenderedMacro' });
export type RenderedMacro = z.infer<typeof RenderedMacro>;

/** The placeholders a macro body may use. */
export const macroPlaceholders = [
  'customer.name',
  'customer.first_name',
  'customer.email',
  'ticket.number',
  'ticket.subject',
  'agent.name',
  'agent.first_name',
  'workspace.name',
] as const;
export type MacroPlaceholder = (typeof macroPlaceholders)[number];

// ---- Drafts ---------------------------------------------------------------------------------

export const DraftKind = z.enum(['reply', 'note']);
export type DraftKind = z.infer<typeof DraftKind>;

export const DraftParams = z.object({ ref: TicketRefParams.shape.ref, kind: DraftKind }).strict();

export const DraftDto = z
  .object({ kind: DraftKind, body: z.string(), revision: z.number().int(), startedAt: Timestamp, updatedAt: Timestamp })
  .meta({ id: 'Draft' });
export type DraftDto = z.infer<typeof DraftDto>;

export const DraftResponse = z.object({ draft: DraftDto.nullable() }).meta({ id: 'DraftResponse' });
export type DraftResponse = z.infer<typeof DraftResponse>;

export const PutDraftBody = z
  .object({
    body: z.string().max(100_000).describe('An empty body discards the draft'),
    revision: z.number().int().min(1).describe('Higher than the stored revision; a lower or equal one is refused as stale (DRAFT_STALE)'),
  })
  .strict();
export type PutDraftBody = z.infer<typeof PutDraftBody>;

// ---- Uploads --------------------------------------------------------------------------------

export const CreateUploadBody = z
  .object({
    filename: z.string().trim().min(1).max(200),
    contentType: z.string().trim().min(3).max(120),
    data: z.base64().describe('The file, base64-encoded'),
  })
  .strict();
export type CreateUploadBody = z.infer<typeof CreateUploadBody>;

export const UploadDto = z
  .object({ id: Id, filename: z.string(), contentType: z.string(), size: z.number().int(), createdAt: Timestamp })
  .meta({ id: 'Upload' });
export type UploadDto = z.infer<typeof UploadDto>;

/** Limits of composer uploads (also checked on the server). */
export const uploadLimits = {
  maxBytes: 10 * 1024 * 1024,
  maxPerReply: 10,
} as const;

// ---- Undo-send ------------------------------------------------------------------------------

export const UndoParams = z.object({ ref: TicketRefParams.shape.ref, messageId: Id }).strict();

export const UndoResult = z
  .object({ messageId: Id, text: z.string(), draft: DraftDto })
  .meta({ id: 'UndoResult' });
export type UndoResult = z.infer<typeof UndoResult>;

// ---- Coach dismissals -------------------------------------------------------------------------

export const DismissReason = z.enum(['not_relevant', 'intended', 'wrong', 'customer_prefers']);
export type DismissReason = z.infer<typeof DismissReason>;

export const CoachDismissalBody = z
  .object({
    rule: z.string().min(1).max(64),
    reason: DismissReason,
    excerpt: z.string().max(200).describe('The flagged words, for the record'),
  })
  .strict();
export type CoachDismissalBody = z.infer<typeof CoachDismissalBody>;

// ---- Mentions -------------------------------------------------------------------------------

/** The data of a `mention` notification. */
export const MentionNotificationData = z.object({
  number: z.number().int(),
  subject: z.string(),
  authorId: Id,
  authorName: z.string(),
  excerpt: z.string(),
  noteId: Id,
});
export type MentionNotificationData = z.infer<typeof MentionNotificationData>;
