import { describe, expect, it } from 'vitest';
import { addressInHeader, emailMetaOf, languageOf, linkInlineImages, ticketSubjectOf } from './inbound-content.ts';
import { retryDelaySeconds } from './inbound-processor.ts';
import { bounceError } from './inbound-bounce.ts';

describe('linkInlineImages', () => {
  const attachments = [
    { id: '11111111-1111-4111-8111-111111111111', contentId: 'logo@shop' },
    { id: '22222222-2222-4222-8222-222222222222', contentId: '<Photo%201@x>' },
    { id: '33333333-3333-4333-8333-333333333333', contentId: null },
  ];

  it('maps cid: images to the stored attachments’ download URLs', () => {
    const html = '<p>Hi <img src="cid:logo@shop" alt="logo"> and <img src=\'cid:photo 1@x\'></p>';
    expect(linkInlineImages(html, attachments)).toBe(
      '<p>Hi <img src="/api/v1/attachments/11111111-1111-4111-8111-111111111111" alt="logo"> and <img src=\'/api/v1/attachments/22222222-2222-4222-8222-222222222222\'></p>',
    );
  });

  it('leaves unknown cids and non-cid sources alone (no path from the mail is used)', () => {
    const html = '<img src="cid:../../etc/passwd"><img src="https://example.com/a.png"><a href="cid:logo@shop">x</a>';
    expect(linkInlineImages(html, attachments)).toBe(html);
  });
});

describe('emailMetaOf', () => {
  it('has the EmailMeta shape', () => {
    const meta = emailMetaOf(
      { from: { address: 'a@b.test', name: 'A' }, to: [{ address: 'support@shop.test', name: '' }], cc: [], autoSubmitted: null, warnings: ['w'] },
      { spf: 'pass', dkim: 'none', dmarc: 'none', dmarcPolicy: null },
    );
    expect(meta).toEqual({
      from: { address: 'a@b.test', name: 'A' },
      to: [{ address: 'support@shop.test', name: '' }],
      cc: [],
      auth: { spf: 'pass', dkim: 'none', dmarc: 'none', dmarcPolicy: null },
      autoSubmitted: null,
      warnings: ['w'],
    });
  });
});

describe('small helpers', () => {
  it('makes a ticket subject', () => {
    expect(ticketSubjectOf('  ')).toBe('(no subject)');
    expect(ticketSubjectOf('a\u0000b\n c')).toBe('a b c');
    expect(ticketSubjectOf('x'.repeat(400))).toHaveLength(300);
  });

  it('reads a language', () => {
    expect(languageOf('und')).toBeNull();
    expect(languageOf('DE')).toBe('de');
  });

  it('finds an address in a raw header', () => {
    expect(addressInHeader('"Ann" <Ann@Example.com>')).toBe('ann@example.com');
    expect(addressInHeader('bob@x.test')).toBe('bob@x.test');
    expect(addressInHeader('no address')).toBeNull();
    expect(addressInHeader(null)).toBeNull();
  });

  it('backs off retries within the lease', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelaySeconds(attempt, 120))).toEqual([5, 20, 45, 80]);
    expect(retryDelaySeconds(10, 120)).toBe(120);
  });

  it('formats a bounce as "<status> <recipient>: <diagnostic>"', () => {
    expect(bounceError({ status: '5.1.1', recipient: 'bob@x.test', diagnostic: 'smtp; 550 5.1.1\n user unknown', action: 'failed', originalMessageId: null })).toBe(
      '5.1.1 bob@x.test: smtp; 550 5.1.1 user unknown',
    );
  });
});
