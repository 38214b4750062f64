import { describe, expect, it } from 'vitest';
import { detectBounce, looksLikeBounce, parseDeliveryStatus } from './bounce.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('bounces', () => {
  it('reads an RFC 3464 report', () => {
    const status = 'Reporting-MTA: dns; mx.example.com\n\nOriginal-Recipient: rfc822; jane@example.org\nFinal-Recipient: rfc822; jane@example.org\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 <jane@example.org>:\n  user unknown\n';
    const bounce = detectBounce({
      headers: {},
      contentType: 'multipart/report',
      reportType: 'delivery-status',
      fromAddress: 'mailer-daemon@mx.example.com',
      subject: 'Undelivered Mail Returned to Sender',
      text: 'sorry',
      parts: [
        { contentType: 'message/delivery-status', content: bytes(status) },
        { contentType: 'text/rfc822-headers', content: bytes('From: us@example.com\nMessage-ID: <rapport.abc.1@example.com>\nSubject: Re: x\n\n') },
      ],
    });
    expect(bounce).toEqual({
      status: '5.1.1',
      recipient: 'jane@example.org',
      action: 'failed',
      diagnostic: '550 5.1.1 <jane@example.org>: user unknown',
      originalMessageId: 'rapport.abc.1@example.com',
    });
  });

  it('parses delivery-status groups with folded lines', () => {
    const groups = parseDeliveryStatus('Reporting-MTA: dns; a\n\nFinal-Recipient: rfc822; b@c\nStatus: 4.2.2\n');
    expect(groups).toHaveLength(2);
    expect(groups[1]?.['status']).toBe('4.2.2');
  });

  it('reads a non-standard bounce best effort', () => {
    const input = {
      headers: { 'x-failed-recipients': 'gone@example.net' },
      contentType: 'text/plain',
      reportType: '',
      fromAddress: 'MAILER-DAEMON@mx.example.com',
      subject: 'Mail delivery failed: returning message to sender',
      text: 'This message was created automatically.\n\n  gone@example.net\n    host mx: 550 5.1.1 No such user\n\n------ This is a copy of the message\n\nMessage-ID: <orig@example.com>\nSubject: hi\n',
      parts: [],
    };
    expect(looksLikeBounce(input)).toBe(true);
    const bounce = detectBounce(input);
    expect(bounce?.recipient).toBe('gone@example.net');
    expect(bounce?.status).toBe('5.1.1');
    expect(bounce?.originalMessageId).toBe('orig@example.com');
    expect(bounce?.diagnostic).toContain('No such user');
  });

  it('does not call a person\'s message a bounce', () => {
    expect(looksLikeBounce({ headers: {}, contentType: 'text/plain', reportType: '', fromAddress: 'jane@example.com', subject: 'Undelivered parcel' })).toBe(false);
  });
});
