import { describe, expect, it } from 'vitest';
import { bounded, describeImapError } from './imap-mailbox.ts';
import { backoffMs, defaultImapPollerOptions } from './imap-poller.ts';

describe('backoffMs', () => {
  it('doubles from 5 s and stops at 10 minutes', () => {
    const waits = [1, 2, 3, 4, 5, 6, 7, 8, 9, 50, 10_000].map((failures) => backoffMs(failures, defaultImapPollerOptions));
    expect(waits).toEqual([5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 600_000, 600_000, 600_000, 600_000]);
    expect(backoffMs(0, defaultImapPollerOptions)).toBe(5_000);
  });
});

describe('describeImapError', () => {
  it('says what failed once, without repeating imapflow and server texts', () => {
    const failure = Object.assign(new Error('Command failed'), { authenticationFailed: true, responseText: 'Authentication failed.', serverResponseCode: 'AUTHENTICATIONFAILED' });
    expect(describeImapError(failure)).toBe('Authentication failed: [AUTHENTICATIONFAILED]');
  });

  it('keeps socket error codes and never shows the password', () => {
    const failure = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1 (login s3cret-pass)'), { code: 'ECONNREFUSED' });
    const text = describeImapError(failure, 's3cret-pass');
    expect(text).toContain('ECONNREFUSED');
    expect(text).not.toContain('s3cret-pass');
    expect(text).toContain('[redacted]');
  });

  it('bounds the length', () => {
    expect(describeImapError(new Error('x'.repeat(2_000))).length).toBeLessThanOrEqual(500);
  });
});

describe('bounded', () => {
  it('rejects a promise that does not settle in time and runs the timeout action', async () => {
    let isClosed = false;
    await expect(bounded(new Promise(() => undefined), 20, 'UID FETCH', () => (isClosed = true))).rejects.toThrow(/UID FETCH timed out/);
    expect(isClosed).toBe(true);
    await expect(bounded(Promise.resolve(7), 1_000, 'NOOP')).resolves.toBe(7);
  });
});
