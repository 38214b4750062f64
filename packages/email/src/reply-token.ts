/**
 * Signed reply tokens. A ticket's outbound mail carries `<local>+<token>@<domain>` as Reply-To and
 * the token inside its Message-ID, so a reply threads even when the client drops one of them. The
 * token is the ticket number and a truncated HMAC-SHA256 under the workspace's secret: it cannot be
 * guessed or moved to another ticket, and it stays short enough for any mail client.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const macLength = 12;

function mac(secret: string, ticketNumber: number): string {
  return createHmac('sha256', secret).update(`ticket:${ticketNumber}`).digest('base64url').replace(/[-_]/g, '').slice(0, macLength).toLowerCase();
}

export function makeReplyToken(secret: string, ticketNumber: number): string {
  return `t${ticketNumber}-${mac(secret, ticketNumber)}`;
}

/** The ticket number when the token is well-formed and signed with this secret; otherwise null. */
export function verifyReplyToken(secret: string, token: string): number | null {
  const match = /^t(\d{1,15})-([a-z0-9]{6,32})$/i.exec(token.trim());
  if (!match) return null;
  const ticketNumber = Number(match[1]);
  const expected = Buffer.from(mac(secret, ticketNumber));
  const given = Buffer.from(match[2]!.toLowerCase());
  return expected.length === given.length && timingSafeEqual(expected, given) ? ticketNumber : null;
}

/** support@example.com + token → support+t42-abc…@example.com */
export function replyAddress(address: string, token: string): string {
  const at = address.lastIndexOf('@');
  return `${address.slice(0, at)}+${token}${address.slice(at)}`;
}

/** Splits `local+tag@domain` into the base address and the tag (null without one). Lower-cases. */
export function splitPlusAddress(address: string): { base: string; tag: string | null } {
  const lower = address.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  if (at <= 0) return { base: lower, tag: null };
  const local = lower.slice(0, at);
  const plus = local.indexOf('+');
  if (plus < 0) return { base: lower, tag: null };
  return { base: `${local.slice(0, plus)}${lower.slice(at)}`, tag: local.slice(plus + 1) || null };
}

/** Message-ID for a ticket's outbound mail, carrying the token: `rapport.<token>.<unique>@domain`. */
export function makeMessageId(token: string, unique: string, domain: string): string {
  return `rapport.${token}.${unique}@${domain}`;
}

/** The reply token inside one of our Message-IDs, if any. */
export function tokenFromMessageId(messageId: string): string | null {
  const match = /^<?rapport\.(t\d{1,15}-[a-z0-9]{6,32})\.[^@]+@/i.exec(messageId.trim());
  return match ? match[1]! : null;
}
