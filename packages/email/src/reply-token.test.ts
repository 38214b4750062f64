import { describe, expect, it } from 'vitest';
import { makeMessageId, makeReplyToken, replyAddress, splitPlusAddress, tokenFromMessageId, verifyReplyToken } from './reply-token.ts';

describe('reply tokens', () => {
  it('round-trips the ticket number only under the same secret', () => {
    const token = makeReplyToken('secret-a', 4821);
    expect(verifyReplyToken('secret-a', token)).toBe(4821);
    expect(verifyReplyToken('secret-b', token)).toBeNull();
  });

  it('refuses a token moved to another ticket number', () => {
    const token = makeReplyToken('secret-a', 10);
    const forged = token.replace(/^t10-/, 't11-');
    expect(verifyReplyToken('secret-a', forged)).toBeNull();
    expect(verifyReplyToken('secret-a', 'garbage')).toBeNull();
  });

  it('builds and splits plus addresses, case-insensitively', () => {
    const token = makeReplyToken('s', 7);
    const address = replyAddress('Support@Example.com', token);
    expect(splitPlusAddress(address)).toEqual({ base: 'support@example.com', tag: token });
    expect(splitPlusAddress('help@example.com')).toEqual({ base: 'help@example.com', tag: null });
  });

  it('carries the token inside our Message-IDs', () => {
    const token = makeReplyToken('s', 99);
    expect(tokenFromMessageId(`<${makeMessageId(token, 'abc123', 'example.com')}>`)).toBe(token);
    expect(tokenFromMessageId('<CAF=abc@mail.gmail.com>')).toBeNull();
  });
});
