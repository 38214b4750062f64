/** Signing and verifying webhook requests, and the retry schedule. */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { maxWebhookAttempts, newWebhookSecret, nextWebhookAttemptAt, signWebhook, verifyWebhookSignature } from './webhook-signature.ts';

const at = new Date('2026-06-10T08:00:00.000Z');
const secret = 'whsec_test-secret';
const body = '{"id":"42","type":"resolution_action.approved","data":{"amount":"12.50"}}';

describe('webhook signatures', () => {
  it('signs "<t>.<body>" with HMAC-SHA256 and the unix time', () => {
    const header = signWebhook(secret, body, at);
    const t = Math.floor(at.getTime() / 1000);
    expect(header).toBe(`t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`);
  });

  it('verifies its own signature within the tolerance', () => {
    const header = signWebhook(secret, body, at);
    expect(verifyWebhookSignature(secret, header, body, { now: at })).toBe(true);
    expect(verifyWebhookSignature(secret, header, body, { now: new Date(at.getTime() + 299_000) })).toBe(true);
  });

  it('rejects a tampered body, another secret, an old or future timestamp and garbage', () => {
    const header = signWebhook(secret, body, at);
    expect(verifyWebhookSignature(secret, header, body.replace('12.50', '1250.00'), { now: at })).toBe(false);
    expect(verifyWebhookSignature('whsec_other', header, body, { now: at })).toBe(false);
    expect(verifyWebhookSignature(secret, header, body, { now: new Date(at.getTime() + 301_000) })).toBe(false);
    expect(verifyWebhookSignature(secret, header, body, { now: new Date(at.getTime() - 301_000) })).toBe(false);
    expect(verifyWebhookSignature(secret, header, body, { now: new Date(at.getTime() + 3_600_000), toleranceSeconds: 7200 })).toBe(true);
    // The timestamp is part of what is signed: moving it breaks the signature.
    const t = Math.floor(at.getTime() / 1000);
    expect(verifyWebhookSignature(secret, header.replace(`t=${t}`, `t=${t + 1}`), body, { now: at })).toBe(false);
    expect(verifyWebhookSignature(secret, undefined, body, { now: at })).toBe(false);
    expect(verifyWebhookSignature(secret, 'v1=abc', body, { now: at })).toBe(false);
    expect(verifyWebhookSignature(secret, `t=${t}`, body, { now: at })).toBe(false);
  });

  it('accepts any matching v1 entry (a receiver may hold two secrets while rotating)', () => {
    const header = signWebhook(secret, body, at);
    const other = signWebhook('whsec_other', body, at).split(',')[1];
    expect(verifyWebhookSignature(secret, `${header},${other}`, body, { now: at })).toBe(true);
  });

  it('makes secrets of whsec_ and 32 random bytes', () => {
    const first = newWebhookSecret();
    expect(first).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newWebhookSecret()).not.toBe(first);
  });
});

describe('webhook retry schedule', () => {
  it('waits 30 s, 2 min, 10 min, 1 h, 3 h, 6 h, 12 h and gives up after 8 attempts', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((attempts) => (nextWebhookAttemptAt(attempts, at)?.getTime() ?? 0) - at.getTime());
    expect(delays).toEqual([30_000, 120_000, 600_000, 3_600_000, 10_800_000, 21_600_000, 43_200_000]);
    expect(maxWebhookAttempts).toBe(8);
    expect(nextWebhookAttemptAt(8, at)).toBeNull();
    expect(nextWebhookAttemptAt(9, at)).toBeNull();
  });
});
