/** Pure helpers of the inbound processor: what a parsed email becomes on the ticket. */
import type { EmailMeta } from '@rapport/contracts/tickets';
import type { EmailAddress, ParseLimits, ParsedEmail } from '@rapport/email/types';
import type { AuthVerdicts } from './threading.ts';

/** Where the API serves an attachment (apps/server/src/modules/attachments/attachments.routes.ts). */
export function attachmentUrl(attachmentId: string): string {
  return `/api/v1/attachments/${attachmentId}`;
}

function normaliseContentId(value: string): string {
  let id = value.trim();
  try {
    id = decodeURIComponent(id);
  } catch {
    // A malformed %-escape: compare the text as written.
  }
  return id.replace(/^<|>$/g, '').trim().toLowerCase();
}

/**
 * Points `cid:` images of the (already sanitised) HTML at the stored attachments' download URLs.
 * Only attachment ids chosen by Rapport end up in the HTML; nothing from the mail becomes a path.
 * A cid with no matching attachment is left as it is (a browser cannot load it).
 */
export function linkInlineImages(html: string, attachments: readonly { id: string; contentId: string | null }[]): string {
  const byContentId = new Map<string, string>();
  for (const attachment of attachments) {
    if (attachment.contentId) byContentId.set(normaliseContentId(attachment.contentId), attachment.id);
  }
  if (byContentId.size === 0) return html;
  return html.replace(/(\ssrc\s*=\s*)(["'])\s*cid:([^"']*)\2/gi, (whole, prefix: string, quote: string, contentId: string) => {
    const attachmentId = byContentId.get(normaliseContentId(contentId));
    return attachmentId ? `${prefix}${quote}${attachmentUrl(attachmentId)}${quote}` : whole;
  });
}

export function emailMetaOf(parsed: Pick<ParsedEmail, 'from' | 'to' | 'cc' | 'autoSubmitted' | 'warnings'>, auth: AuthVerdicts | null): EmailMeta {
  const address = (item: EmailAddress) => ({ address: item.address, name: item.name });
  return {
    from: parsed.from ? address(parsed.from) : null,
    to: parsed.to.map(address),
    cc: parsed.cc.map(address),
    auth: auth ? { spf: auth.spf, dkim: auth.dkim, dmarc: auth.dmarc, dmarcPolicy: auth.dmarcPolicy } : null,
    autoSubmitted: parsed.autoSubmitted,
    warnings: [...parsed.warnings],
  };
}

export const maxSubjectLength = 300;

export function ticketSubjectOf(subject: string): string {
  const cleaned = subject.replace(/[\p{Cc}]+/gu, ' ').replace(/\s+/g, ' ').trim();
  if (cleaned.length === 0) return '(no subject)';
  return cleaned.length > maxSubjectLength ? `${cleaned.slice(0, maxSubjectLength - 1)}…` : cleaned;
}

/** The ticket language from the parser's guess ("und" = unknown). */
export function languageOf(language: string): string | null {
  return /^[a-z]{2,3}$/i.test(language) && language.toLowerCase() !== 'und' ? language.toLowerCase() : null;
}

/** Limits for releasing a quarantined message: generous, still bounded (a parse never hangs). */
export const relaxedParseLimits: ParseLimits = {
  maxBytes: 60 * 1024 * 1024,
  maxHeaderBytes: 2 * 1024 * 1024,
  maxDepth: 60,
  maxParts: 5000,
  maxAttachments: 1000,
  maxAttachmentBytes: 60 * 1024 * 1024,
  maxRecipients: 10_000,
  timeoutMs: 30_000,
};

/** The first plausible address in a header value ("Name <a@b>" or "a@b"), lower-cased. */
export function addressInHeader(value: string | null): string | null {
  if (!value) return null;
  const bracketed = /<\s*([^<>\s@]{1,200}@[^<>\s@]{1,255})\s*>/.exec(value);
  const bare = bracketed ? null : /([^\s<>",;:@]{1,200}@[^\s<>",;:@]{1,255})/.exec(value);
  const address = (bracketed?.[1] ?? bare?.[1] ?? '').trim().toLowerCase();
  return address.length > 0 ? address : null;
}

export function unreadableText(reason: string): string {
  return `This email could not be read (${reason}). The original is attached.`;
}
