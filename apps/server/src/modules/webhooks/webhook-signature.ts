/**
 * Signing webhook requests and the retry schedule (pure). The `rapport-signature` header is
 * `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`: the timestamp inside the
 * signed text stops a captured request from being replayed later. docs/webhooks.md shows a shop's
 * side of it.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new signing secret: `whsec_` and 32 random bytes, base64url. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

function hmacHex(secret: string, timestampSeconds: number, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.${rawBody}`, 'utf8').digest('hex');
}

/** The `rapport-signature` header value for a body sent at `at`. */
export function signWebhook(secret: string, rawBody: string, at: Date): string {
  const timestampSeconds = Math.floor(at.getTime() / 1000);
  return `t=${timestampSeconds},v1=${hmacHex(secret, timestampSeconds, rawBody)}`;
}

/**
 * Whether `header` is a valid signature of `rawBody` (the exact bytes received, before any JSON
 * parsing) with `secret`, made at most `toleranceSeconds` from `now`. Compares in constant time;
 * any `v1=` entry may match.
 */
export function verifyWebhookSignature(secret: string, header: string | null | undefined, rawBody: string, options: { now: Date; toleranceSeconds?: number }): boolean {
  if (!header) return false;
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    const key = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (timestamp === null || signatures.length === 0) return false;
  const tolerance = options.toleranceSeconds ?? 300;
  if (Math.abs(options.now.getTime() / 1000 - timestamp) > tolerance) return false;
  const expected = Buffer.from(hmacHex(secret, timestamp, rawBody), 'hex');
  return signatures.some((signature) => timingSafeEqual(Buffer.from(signature, 'hex'), expected));
}

/** Waits before the 2nd … 8th attempt: 30 s, 2 min, 10 min, 1 h, 3 h, 6 h, 12 h. */
export const webhookRetryDelaysMs: readonly number[] = [30_000, 120_000, 600_000, 3_600_000, 3 * 3_600_000, 6 * 3_600_000, 12 * 3_600_000];
export const maxWebhookAttempts = webhookRetryDelaysMs.length + 1;

/** When to try again after `attempts` failed attempts, or null when the delivery gives up ('failed'). */
export function nextWebhookAttemptAt(attempts: number, now: Date): Date | null {
  if (attempts >= maxWebhookAttempts) return null;
  const delay = webhookRetryDelaysMs[Math.min(Math.max(0, attempts - 1), webhookRetryDelaysMs.length - 1)] ?? 0;
  return new Date(now.getTime() + delay);
}
