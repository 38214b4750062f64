/**
 * What Rapport understands of one email. `EmailParseJson` is the stable contract of
 * `rapport email parse` (scripts depend on it); `ParsedEmail` adds what the server needs on top
 * (attachment bytes, quoted parts, the original headers that threading and bounces read).
 */

export interface EmailAddress {
  address: string;
  name: string;
}

export interface AttachmentSummary {
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  inline: boolean;
}

export interface BounceSummary {
  /** DSN status such as "5.1.1", or "" when the report carries none. */
  status: string;
  recipient: string;
}

/** How a message announced itself as automatic; null for a person's message. */
export type AutoSubmittedKind = 'auto-replied' | 'auto-generated' | 'auto-notified' | 'out-of-office' | 'list' | 'bulk' | 'bounce';

/** Exactly the JSON `rapport email parse` prints (key order included). */
export interface EmailParseJson {
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  from: EmailAddress | null;
  to: EmailAddress[];
  cc: EmailAddress[];
  subject: string;
  /** ISO 8601, or null when the Date header is missing or unreadable. */
  date: string | null;
  text: string;
  /** Sanitised HTML (safe to render), or null for a text-only message. */
  html: string | null;
  /** The new text: quoted history and signature removed. */
  reply: string;
  attachments: AttachmentSummary[];
  autoSubmitted: AutoSubmittedKind | null;
  bounce: BounceSummary | null;
  /** ISO 639-1, or "und". */
  language: string;
  warnings: string[];
}

export interface ParsedAttachment extends AttachmentSummary {
  content: Uint8Array;
  /** Content-ID without angle brackets, for cid: references in the HTML. */
  contentId: string | null;
}

export interface ParsedBounce extends BounceSummary {
  /** "failed" | "delayed" | "delivered" | … from the DSN Action field ("failed" when absent). */
  action: string;
  /** The Diagnostic-Code or the human part of the report, trimmed to 1,000 characters. */
  diagnostic: string;
  /** Message-ID of the message that bounced, from the returned headers, when present. */
  originalMessageId: string | null;
}

export interface ParsedEmail extends Omit<EmailParseJson, 'attachments' | 'bounce'> {
  attachments: ParsedAttachment[];
  bounce: ParsedBounce | null;
  /** The stripped quoted history and signature (text), one click away in the ticket view. */
  quotedText: string;
  /** Sanitised HTML of the new part only (quote markers removed), or null for a text-only message. */
  replyHtml: string | null;
  /** Reply-To, when present (auto-acknowledgements answer it instead of From). */
  replyTo: EmailAddress | null;
  /** List-Id, when the message came through a mailing list. */
  listId: string | null;
  /** Header names lower-cased → raw values (first occurrence), for audits and the raw view. */
  headers: Record<string, string>;
}

/** Why a message cannot be processed as-is; stored on the quarantined receipt. Stable codes. */
export type QuarantineReason =
  | 'unparseable'
  | 'no_from'
  | 'too_large'
  | 'header_too_large'
  | 'too_deeply_nested'
  | 'too_many_parts'
  | 'too_many_attachments'
  | 'too_many_recipients'
  | 'attachment_too_large'
  | 'decompression_bomb'
  | 'parse_timeout';

export class EmailParseError extends Error {
  constructor(
    readonly code: QuarantineReason,
    message: string,
  ) {
    super(message);
    this.name = 'EmailParseError';
  }
}

export interface ParseLimits {
  /** Whole message, bytes. Default 25 MB (50 MB accepted by the CLI). */
  maxBytes: number;
  /** Header block, bytes. Default 256 KB. */
  maxHeaderBytes: number;
  /** MIME nesting depth (multipart and message/rfc822). Default 20. */
  maxDepth: number;
  /** MIME parts in all. Default 500. */
  maxParts: number;
  /** Attachments kept. Default 100. */
  maxAttachments: number;
  /** One attachment, bytes (decoded). Default 20 MB. */
  maxAttachmentBytes: number;
  /** To + Cc addresses. Default 500. */
  maxRecipients: number;
  /** Wall-clock limit for one parse, ms. Default 10,000. */
  timeoutMs: number;
}
