/**
 * Bounces: RFC 3464 delivery status notifications (multipart/report; report-type=delivery-status)
 * and, best effort, the common non-standard ones (MAILER-DAEMON / postmaster senders, "Undelivered
 * Mail Returned to Sender", "Delivery Status Notification (Failure)", X-Failed-Recipients).
 */
import { normaliseMessageId, peekMessageId } from './peek.ts';
import type { ParsedBounce } from './types.ts';

export interface BounceInput {
  /** Lower-cased header names → first raw value. */
  headers: Record<string, string>;
  contentType: string;
  reportType: string;
  fromAddress: string;
  subject: string;
  text: string;
  /** Parts of the message that carry report data (message/delivery-status, message/rfc822, text/rfc822-headers). */
  parts: { contentType: string; content: Uint8Array }[];
}

/** "Field: value" groups of a delivery-status body (folded lines unfolded), lower-cased names. */
export function parseDeliveryStatus(body: string): Record<string, string>[] {
  const groups: Record<string, string>[] = [];
  const unfolded = body.replace(/\r\n/g, '\n').replace(/\n[ \t]+/g, ' ');
  for (const block of unfolded.split(/\n\s*\n/)) {
    const fields: Record<string, string> = {};
    for (const line of block.split('\n')) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      if (!(name in fields)) fields[name] = line.slice(colon + 1).trim();
    }
    if (Object.keys(fields).length > 0) groups.push(fields);
  }
  return groups;
}

/** "rfc822; user@example.com" → "user@example.com". */
function addressOf(value: string | undefined): string {
  if (!value) return '';
  const afterType = value.includes(';') ? value.slice(value.indexOf(';') + 1) : value;
  return afterType.trim().replace(/^<|>$/g, '').trim().slice(0, 320);
}

function statusOf(value: string | undefined): string {
  const match = /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(value ?? '');
  return match?.[1] ?? '';
}

const decoder = new TextDecoder('utf-8', { fatal: false });
const partText = (content: Uint8Array) => decoder.decode(content.subarray(0, 256 * 1024));

const bounceSubject =
  /^(?:undeliver(?:ed|able)|mail delivery (?:failed|failure|system)|delivery (?:status notification|failure|has failed|failed|notification)|returned mail|failure notice|non[- ]?delivery|nondeliverable|message not delivered|unzustellbar|nicht zustellbar|non remis|non distribuible|no se puede entregar|impossibile recapitare)/i;
const bounceSender = /^(?:mailer-daemon|postmaster|mail-daemon|mailerdaemon)@/i;

/** True when the headers alone say this is a bounce. */
export function looksLikeBounce(input: Pick<BounceInput, 'headers' | 'contentType' | 'reportType' | 'fromAddress' | 'subject'>): boolean {
  if (input.contentType === 'multipart/report' && input.reportType === 'delivery-status') return true;
  if (input.headers['x-failed-recipients']) return true;
  return bounceSender.test(input.fromAddress) && bounceSubject.test(input.subject.trim());
}

/** The bounce this message reports, or null when it is not one. */
export function detectBounce(input: BounceInput): ParsedBounce | null {
  if (!looksLikeBounce(input)) return null;
  const statusPart = input.parts.find((part) => part.contentType === 'message/delivery-status' || part.contentType === 'message/global-delivery-status');
  const returned = input.parts.find((part) => part.contentType === 'message/rfc822' || part.contentType === 'text/rfc822-headers' || part.contentType === 'message/global' || part.contentType === 'message/global-headers');
  let originalMessageId = returned ? peekMessageId(returned.content) : null;
  if (statusPart) {
    const groups = parseDeliveryStatus(partText(statusPart.content));
    // The first group is per message; pick the first recipient group that failed, else the first one.
    const recipients = groups.filter((group) => group['final-recipient'] || group['original-recipient'] || group['action'] || group['status']);
    const chosen = recipients.find((group) => /fail/i.test(group['action'] ?? '')) ?? recipients[0] ?? {};
    originalMessageId ??= normaliseMessageId(groups[0]?.['original-envelope-id'] ?? null);
    return {
      status: statusOf(chosen['status']) || statusOf(chosen['diagnostic-code']),
      recipient: addressOf(chosen['original-recipient'] ?? chosen['final-recipient']) || addressOf(chosen['final-recipient']),
      action: (chosen['action'] ?? 'failed').toLowerCase().split(/\s/)[0] ?? 'failed',
      diagnostic: (chosen['diagnostic-code'] ?? '').replace(/^smtp;\s*/i, '').slice(0, 1000),
      originalMessageId,
    };
  }
  // Non-standard bounce: read what we can from headers and the human text.
  const text = input.text.slice(0, 64 * 1024);
  const failed = input.headers['x-failed-recipients'];
  const recipient = failed
    ? (failed.split(',')[0] ?? '').trim()
    : (/<([^<>\s@]+@[^<>\s@]+)>/.exec(text)?.[1] ?? /^\s*([^\s@<>:]+@[^\s@<>:]+\.[a-z]{2,})\s*$/im.exec(text)?.[1] ?? '');
  if (!originalMessageId) {
    const inline = /^Message-ID:\s*(<[^>\n]+>)/im.exec(text);
    originalMessageId = normaliseMessageId(inline?.[1] ?? null);
  }
  const diagnosticLine = /^.*\b(?:[45]\d\d[ -][245]\.\d{1,3}\.\d{1,3}|[45]\d\d\s).*$/m.exec(text)?.[0] ?? '';
  return {
    status: statusOf(text),
    recipient: recipient.slice(0, 320),
    action: 'failed',
    diagnostic: (diagnosticLine || text.trim().split('\n').slice(0, 5).join(' ')).trim().slice(0, 1000),
    originalMessageId,
  };
}
