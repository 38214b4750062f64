import { z } from 'zod';
import { Id, PageQuery, Timestamp, page } from './common.ts';
import { TicketRefParams } from './tickets.ts';

/*
 * The email channel's admin API: the workspace's addresses, its email settings, its IMAP
 * mailboxes, and the triage of received emails that were quarantined (bad input) or held
 * (unverified sender). Secrets never appear in a response: not the reply-token signing secret,
 * not a mailbox password.
 */

// ---- Addresses ----------------------------------------------------------------------------

export const EmailAddressDto = z
  .object({
    id: Id,
    address: z.string().describe('Lower-case; mail to it and to its +token variants reaches this workspace'),
    displayName: z.string().describe('Shown as the sender name of replies and acknowledgements'),
    isDefault: z.boolean().describe('Replies and acknowledgements go out from the default address'),
    createdAt: Timestamp,
  })
  .meta({ id: 'EmailAddress' });
export type EmailAddressDto = z.infer<typeof EmailAddressDto>;
export const EmailAddressList = z.object({ items: z.array(EmailAddressDto) }).meta({ id: 'EmailAddressList' });
export type EmailAddressList = z.infer<typeof EmailAddressList>;

const AddressField = z
  .string()
  .trim()
  .toLowerCase()
  .max(320)
  .pipe(z.email())
  .refine((value) => !value.split('@')[0]?.includes('+'), 'A workspace address cannot contain "+": it is reserved for reply tokens');
const DisplayName = z.string().trim().min(1).max(200);

export const CreateEmailAddressBody = z
  .object({ address: AddressField, displayName: DisplayName, isDefault: z.boolean().default(false) })
  .strict();
export type CreateEmailAddressBody = z.infer<typeof CreateEmailAddressBody>;
export const UpdateEmailAddressBody = z
  .object({ address: AddressField.optional(), displayName: DisplayName.optional(), isDefault: z.literal(true).optional().describe('Make this the default; the previous default stops being one') })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'Send at least one field to change');
export type UpdateEmailAddressBody = z.infer<typeof UpdateEmailAddressBody>;

// ---- Settings -----------------------------------------------------------------------------

export const EmailSettingsDto = z
  .object({
    subjectThreading: z.boolean().describe('Threading rule 3: same sender and normalised subject within 14 days joins the ticket'),
    autoAckEnabled: z.boolean(),
    autoAckSubject: z.string().nullable().describe('Template; null uses the built-in one'),
    autoAckBody: z.string().nullable().describe('Template; null uses the built-in one'),
    autoMessageDailyLimit: z.number().int().describe('Loop guard: automatic emails per recipient address per day'),
    updatedAt: Timestamp,
  })
  .meta({ id: 'EmailSettings' });
export type EmailSettingsDto = z.infer<typeof EmailSettingsDto>;
export const UpdateEmailSettingsBody = z
  .object({
    subjectThreading: z.boolean().optional(),
    autoAckEnabled: z.boolean().optional(),
    autoAckSubject: z.string().trim().max(300).nullable().optional().describe('Empty or null restores the built-in template'),
    autoAckBody: z.string().max(20_000).nullable().optional().describe('Empty or null restores the built-in template'),
    autoMessageDailyLimit: z.number().int().min(0).max(1000).optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'Send at least one field to change');
export type UpdateEmailSettingsBody = z.infer<typeof UpdateEmailSettingsBody>;

// ---- IMAP mailboxes -----------------------------------------------------------------------

export const MailboxStatus = z.enum(['idle', 'connecting', 'connected', 'failing']);
export const ProcessedAction = z.enum(['flag', 'move']);
export const ImapMailboxDto = z
  .object({
    id: Id,
    name: z.string(),
    host: z.string(),
    port: z.number().int(),
    secure: z.boolean().describe('Implicit TLS (usually port 993)'),
    username: z.string(),
    hasPassword: z.boolean().describe('The password is write-only: it is stored for the worker and never returned'),
    mailbox: z.string().describe('The folder polled, e.g. INBOX'),
    processedAction: ProcessedAction.describe('flag: mark a stored message Seen; move: move it to moveTo'),
    moveTo: z.string().nullable(),
    enabled: z.boolean(),
    status: MailboxStatus,
    lastError: z.string().nullable(),
    lastErrorAt: Timestamp.nullable(),
    failures: z.number().int().describe('Consecutive failures; the worker backs off between retries'),
    nextRetryAt: Timestamp.nullable().describe('When the worker tries a failing mailbox again (exponential backoff from the last error)'),
    lastSyncAt: Timestamp.nullable(),
    lastUid: z.number().int(),
    createdAt: Timestamp,
  })
  .meta({ id: 'ImapMailbox' });
export type ImapMailboxDto = z.infer<typeof ImapMailboxDto>;
export const ImapMailboxList = z.object({ items: z.array(ImapMailboxDto) }).meta({ id: 'ImapMailboxList' });
export type ImapMailboxList = z.infer<typeof ImapMailboxList>;

const Hostname = z.string().trim().min(1).max(253).regex(/^[A-Za-z0-9.:[\]-]+$/, 'A host name or IP address');
const FolderName = z.string().trim().min(1).max(200);
const mailboxFields = {
  name: z.string().trim().min(1).max(100),
  host: Hostname,
  port: z.number().int().min(1).max(65_535),
  secure: z.boolean(),
  username: z.string().min(1).max(320),
  password: z.string().min(1).max(1000),
  mailbox: FolderName,
  processedAction: ProcessedAction,
  moveTo: FolderName.nullable(),
  enabled: z.boolean(),
};
const moveNeedsFolder = (body: { processedAction?: string | undefined; moveTo?: string | null | undefined }) =>
  body.processedAction !== 'move' || Boolean(body.moveTo);
export const CreateImapMailboxBody = z
  .object({
    ...mailboxFields,
    port: mailboxFields.port.default(993),
    secure: mailboxFields.secure.default(true),
    mailbox: mailboxFields.mailbox.default('INBOX'),
    processedAction: mailboxFields.processedAction.default('flag'),
    moveTo: mailboxFields.moveTo.default(null),
    enabled: mailboxFields.enabled.default(true),
  })
  .strict()
  .refine(moveNeedsFolder, { message: 'Moving processed mail needs a folder to move it to', path: ['moveTo'] });
export type CreateImapMailboxBody = z.infer<typeof CreateImapMailboxBody>;
export const UpdateImapMailboxBody = z
  .object({
    name: mailboxFields.name.optional(),
    host: mailboxFields.host.optional(),
    port: mailboxFields.port.optional(),
    secure: mailboxFields.secure.optional(),
    username: mailboxFields.username.optional(),
    password: mailboxFields.password.optional().describe('Write-only; omit to keep the stored one'),
    mailbox: mailboxFields.mailbox.optional(),
    processedAction: mailboxFields.processedAction.optional(),
    moveTo: mailboxFields.moveTo.optional(),
    enabled: mailboxFields.enabled.optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'Send at least one field to change');
export type UpdateImapMailboxBody = z.infer<typeof UpdateImapMailboxBody>;

export const MailboxTestResult = z
  .object({
    ok: z.boolean(),
    error: z.string().nullable().describe('Why the connection, sign-in or folder check failed'),
    messages: z.number().int().nullable().describe('Messages in the folder, when it opened'),
    idle: z.boolean().nullable().describe('Whether the server supports IDLE (instant delivery) or is polled'),
    durationMs: z.number().int(),
  })
  .meta({ id: 'MailboxTestResult' });
export type MailboxTestResult = z.infer<typeof MailboxTestResult>;

// ---- Received emails: quarantine and held -------------------------------------------------

export const InboundEmailStatus = z.enum(['received', 'processed', 'quarantined', 'held', 'ignored', 'deleted']);
export type InboundEmailStatus = z.infer<typeof InboundEmailStatus>;
export const TriageStatus = z.enum(['quarantined', 'held']);
export type TriageStatus = z.infer<typeof TriageStatus>;

const TicketRef = z.object({ id: Id, number: z.number().int(), subject: z.string() });
export const InboundEmailSummary = z
  .object({
    id: Id,
    status: InboundEmailStatus,
    source: z.enum(['smtp', 'imap', 'import', 'replay']),
    reason: z.string().nullable().describe('Quarantine or hold reason code, e.g. malformed_mime, no_from, unverified_sender, dmarc_fail'),
    reasonDetail: z.string().nullable(),
    fromAddress: z.string().nullable(),
    subject: z.string().nullable(),
    receivedAt: Timestamp,
    rawSize: z.number().int(),
    attempts: z.number().int(),
    ticket: TicketRef.nullable().describe('Held: the ticket it claims to belong to. Processed: the ticket it joined or created'),
  })
  .meta({ id: 'InboundEmailSummary' });
export type InboundEmailSummary = z.infer<typeof InboundEmailSummary>;
export const InboundEmailDetail = InboundEmailSummary.extend({
  envelopeFrom: z.string().nullable(),
  envelopeTo: z.array(z.string()),
  remoteAddress: z.string().nullable(),
  helo: z.string().nullable().describe('What the sending server called itself (SMTP HELO/EHLO)'),
  mailboxId: Id.nullable(),
  messageId: Id.nullable().describe('The ticket message it became, once processed'),
  processedAt: Timestamp.nullable(),
}).meta({ id: 'InboundEmailDetail' });
export type InboundEmailDetail = z.infer<typeof InboundEmailDetail>;
export const InboundEmailPage = page(InboundEmailSummary).meta({ id: 'InboundEmailPage' });
export type InboundEmailPage = z.infer<typeof InboundEmailPage>;
export const InboundEmailList = z.object({ items: z.array(InboundEmailSummary) }).meta({ id: 'InboundEmailList' });
export type InboundEmailList = z.infer<typeof InboundEmailList>;

export const ListInboundEmailsQuery = PageQuery.extend({ status: TriageStatus }).strict();
export type ListInboundEmailsQuery = z.infer<typeof ListInboundEmailsQuery>;

export const MoveInboundEmailBody = z
  .union([
    z.object({ kind: z.literal('new_ticket') }).strict(),
    z.object({ kind: z.literal('ticket'), ticketRef: TicketRefParams.shape.ref.describe('Number or id of the ticket to add it to') }).strict(),
  ])
  .describe('Where the held email goes: a new ticket of its own, or another ticket');
export type MoveInboundEmailBody = z.infer<typeof MoveInboundEmailBody>;

export const InboundActionResult = z
  .object({
    inboundEmail: InboundEmailDetail,
    ticket: TicketRef.nullable().describe('The ticket the email joined or created, if it did'),
  })
  .meta({ id: 'InboundActionResult' });
export type InboundActionResult = z.infer<typeof InboundActionResult>;

/** Human text for each quarantine and hold reason code; unknown codes fall back to the code itself. */
export const inboundReasonText: Record<string, string> = {
  // Quarantine (the parser's QuarantineReason codes)
  unparseable: 'The message could not be parsed (malformed MIME or broken encoding)',
  no_from: 'No sender (From) address',
  too_large: 'The message is larger than the size limit',
  header_too_large: 'The header block is too large',
  too_deeply_nested: 'Parts or attached messages are nested too deeply',
  too_many_parts: 'Too many MIME parts',
  too_many_attachments: 'Too many attachments',
  too_many_recipients: 'Too many recipients',
  attachment_too_large: 'An attachment is larger than the limit',
  decompression_bomb: 'A compressed attachment expands to an unsafe size',
  parse_timeout: 'Reading the message took too long',
  processing_failed: 'Processing failed unexpectedly',
  // Held (hijack protection)
  unverified_sender: 'Unverified sender: it points at a ticket of a different customer',
  dmarc_fail: 'Failed DMARC for a domain whose policy is reject or quarantine',
};

export function describeInboundReason(reason: string | null): string {
  if (!reason) return 'No reason recorded';
  return inboundReasonText[reason] ?? reason.replace(/_/g, ' ');
}
