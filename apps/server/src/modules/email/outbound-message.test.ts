import { describe, expect, it } from 'vitest';
import { baseSubject, fromDisplayName, headerText, renderAutoAck, replySubject, textToHtml } from './outbound-message.ts';
import { capReferences } from './queue-reply-email.ts';
import { classifySendError } from './transport.ts';
import { retryDelayMs, shouldGiveUp } from './outbound-sender.ts';

describe('reply subject and From name', () => {
  it('adds Re: and the ticket tag once', () => {
    expect(replySubject('Order 77 has not arrived', 42)).toBe('Re: Order 77 has not arrived [#42]');
    expect(replySubject('RE: Fwd: AW: Order 77', 42)).toBe('Re: Order 77 [#42]');
    expect(replySubject('Re: Order 77 [#42]', 42)).toBe('Re: Order 77 [#42]');
    expect(replySubject('   ', 9)).toBe('Re: Ticket #9 [#9]');
  });

  it('keeps header values on one line', () => {
    expect(headerText('Evil\r\nBcc: victim@example.org')).toBe('Evil Bcc: victim@example.org');
    expect(baseSubject('Re:\tHello\n world')).toBe('Hello world');
  });

  it('names the agent at the workspace address', () => {
    expect(fromDisplayName('Alice Smith', 'Acme Support')).toBe('Alice Smith at Acme Support');
    expect(fromDisplayName(null, 'Acme Support')).toBe('Acme Support');
  });
});

describe('textToHtml', () => {
  it('escapes the agent text and makes paragraphs, line breaks and links', () => {
    const html = textToHtml('Hello <b>Bob</b> & co,\n\nsee https://example.com/a?b=1&c=2.\nThanks\n\n\n<script>alert(1)</script>');
    expect(html).toContain('<p>Hello &lt;b&gt;Bob&lt;/b&gt; &amp; co,</p>');
    expect(html).toContain('<a href="https://example.com/a?b=1&amp;c=2">https://example.com/a?b=1&amp;c=2</a>.<br>');
    expect(html).toContain('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
  });
});

describe('renderAutoAck', () => {
  const values = { ticketNumber: 17, estimate: 'within 2 hours', customerName: 'Dana Buyer', subject: 'Re: BUY CHEAP PILLS at spam.example' };

  it('echoes nothing of an unverified sender (default template)', () => {
    const result = renderAutoAck({ language: 'en', verified: false, values, customSubject: null, customBody: null });
    expect(result.subject).toBe('We received your message [#17]');
    expect(result.text).toContain('#17');
    expect(result.text).toContain('within 2 hours');
    expect(result.text.startsWith('Hello,\n')).toBe(true);
    for (const part of [result.subject, result.text]) {
      expect(part).not.toMatch(/PILLS|spam\.example|Dana|Buyer/i);
    }
  });

  it('echoes nothing of an unverified sender even when the workspace template asks for it', () => {
    const result = renderAutoAck({
      language: 'en',
      verified: false,
      values,
      customSubject: '{{subject}} [#{{ticketNumber}}]',
      customBody: 'Dear {{customerName}}, about "{{subject}}": ticket {{ticketNumber}}, reply {{estimate}}. {{unknown}}',
    });
    expect(result.subject).toBe('We received your message [#17]');
    expect(result.text).toBe('Dear, about "": ticket 17, reply within 2 hours. {{unknown}}\n');
    expect(result.subject + result.text).not.toMatch(/PILLS|Dana/);
  });

  it('greets a verified sender by name and keeps their subject', () => {
    const result = renderAutoAck({ language: 'en', verified: true, values: { ...values, subject: 'Re: Order 77' }, customSubject: null, customBody: null });
    expect(result.subject).toBe('Re: Order 77 [#17]');
    expect(result.text.startsWith('Hello Dana Buyer,\n')).toBe(true);
  });

  it('fills a workspace template for a verified sender', () => {
    const result = renderAutoAck({
      language: 'en',
      verified: true,
      values: { ...values, subject: 'Order 77' },
      customSubject: 'Ticket {{ticketNumber}}: {{subject}}',
      customBody: 'Hi {{customerName}}! We will answer {{estimate}}.',
    });
    expect(result).toEqual({ subject: 'Ticket 17: Order 77', text: 'Hi Dana Buyer! We will answer within 2 hours.\n' });
  });

  it('has default templates in German, French and Spanish', () => {
    const de = renderAutoAck({ language: 'de', verified: false, values: { ...values, estimate: 'bis morgen 10:00 Uhr' }, customSubject: null, customBody: null });
    expect(de.subject).toBe('Wir haben Ihre Nachricht erhalten [#17]');
    expect(de.text).toContain('Wir melden uns voraussichtlich bis morgen 10:00 Uhr.');
    expect(renderAutoAck({ language: 'fr', verified: false, values, customSubject: null, customBody: null }).subject).toContain('Nous avons bien reçu');
    expect(renderAutoAck({ language: 'es', verified: true, values, customSubject: null, customBody: null }).text.startsWith('Hola Dana Buyer:')).toBe(true);
  });
});

describe('References, retries and error classes', () => {
  it('keeps the first and the latest Message-IDs', () => {
    const ids = Array.from({ length: 30 }, (_, index) => `m${index}@x`);
    const capped = capReferences(ids);
    expect(capped).toHaveLength(20);
    expect(capped[0]).toBe('m0@x');
    expect(capped.at(-1)).toBe('m29@x');
    expect(capped[1]).toBe('m11@x');
    expect(capReferences(['a@x', 'a@x', 'b@x'])).toEqual(['a@x', 'b@x']);
  });

  it('backs off exponentially from a minute, capped at 4 hours, and gives up after 12 attempts or a day', () => {
    expect([1, 2, 3, 4, 8, 9, 12].map(retryDelayMs)).toEqual([60_000, 120_000, 240_000, 480_000, 7_680_000, 14_400_000, 14_400_000]);
    const created = new Date('2025-01-01T00:00:00Z');
    expect(shouldGiveUp(11, created, new Date('2025-01-01T10:00:00Z'))).toBe(false);
    expect(shouldGiveUp(12, created, new Date('2025-01-01T10:00:00Z'))).toBe(true);
    expect(shouldGiveUp(3, created, new Date('2025-01-02T00:00:00Z'))).toBe(true);
  });

  it('classifies SMTP errors', () => {
    expect(classifySendError({ responseCode: 550, response: '550 5.1.1 No such user' })).toEqual({ status: 'permanent', error: '550 5.1.1 No such user' });
    expect(classifySendError({ responseCode: 451, response: '451 Greylisted' }).status).toBe('temporary');
    expect(classifySendError({ code: 'ECONNECTION', message: 'Connection closed' })).toEqual({ status: 'temporary', error: 'ECONNECTION: Connection closed' });
    expect(classifySendError({ code: 'EENVELOPE', message: 'No recipients defined' }).status).toBe('permanent');
  });
});
