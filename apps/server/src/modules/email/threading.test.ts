import { describe, expect, it } from 'vitest';
import { makeMessageId, makeReplyToken, replyAddress } from '@rapport/email/reply-token';
import {
  decideThread,
  dmarcHoldReason,
  isForwardedSubject,
  normaliseSubject,
  referencedMessageIds,
  senderOwnsTicket,
  ticketNumbersFromMessageIds,
  ticketNumbersFromRecipients,
  type ThreadInput,
  type TicketCandidate,
} from './threading.ts';

const secret = 'a'.repeat(64);

function ticket(overrides: Partial<TicketCandidate> = {}): TicketCandidate {
  return {
    id: 'ticket-1',
    number: 12,
    subject: 'Order 1001 has not arrived',
    status: 'open',
    customerId: 'customer-a',
    customerName: 'Ann',
    customerEmail: 'ann@example.com',
    organisationId: null,
    mergedIntoId: null,
    updatedAt: new Date('2026-01-01T00:00:00Z'),
    ...overrides,
  };
}

function input(overrides: Partial<ThreadInput> = {}): ThreadInput {
  return {
    sender: { address: 'ann@example.com', customerId: 'customer-a', organisationId: null },
    tokenTicket: null,
    referenceTicket: null,
    subjectTicket: null,
    auth: null,
    ...overrides,
  };
}

describe('normaliseSubject', () => {
  it.each([
    ['Re: Order 1001 has not arrived', 'order 1001 has not arrived'],
    ['RE: re: Fwd: Order 1001 has not arrived', 'order 1001 has not arrived'],
    ['AW: WG: Bestellung', 'bestellung'],
    ['SV: Beställning', 'beställning'],
    ['Antw: Bestelling', 'bestelling'],
    ['RE[2]: Order', 'order'],
    ['Re(3): Order', 'order'],
    ['Re^2: Order', 'order'],
    ['[#123] Order', 'order'],
    ['Re: [Ticket #123] Order', 'order'],
    ['Order [#123]', 'order'],
    ['[support] Re: Order', 'order'],
    ['Re : Order', 'order'],
    ['  Order   1001  ', 'order 1001'],
    ['TR: Commande', 'commande'],
    ['Fw: Re: Order', 'order'],
    ['Réponse: hello', 'réponse: hello'],
    ['Regarding: the invoice', 'regarding: the invoice'],
  ])('%s → %s', (subject, expected) => {
    expect(normaliseSubject(subject)).toBe(expected);
  });

  it('keeps words that merely start like a prefix', () => {
    expect(normaliseSubject('Refund please')).toBe('refund please');
    expect(normaliseSubject('Award: nominee')).toBe('award: nominee');
  });

  it('terminates quickly on long runs of prefixes and near-prefixes', () => {
    const started = performance.now();
    expect(normaliseSubject(`${'Re: '.repeat(5000)}x`)).toBe('x');
    expect(normaliseSubject(`${'Re Re '.repeat(20_000)}x`).length).toBeGreaterThan(0);
    expect(normaliseSubject(`${'['.repeat(50_000)}x`).length).toBeGreaterThan(0);
    expect(normaliseSubject(`${'Re[1'.repeat(20_000)}x`).length).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('isForwardedSubject', () => {
  it.each([
    ['Fwd: Your invoice', true],
    ['FW: Your invoice', true],
    ['WG: Rechnung', true],
    ['[list] Fwd: Your invoice', true],
    ['Re: Fwd: Your invoice', false],
    ['Re: Your invoice', false],
    ['Forward planning', false],
  ])('%s → %s', (subject, expected) => {
    expect(isForwardedSubject(subject)).toBe(expected);
  });
});

describe('reply tokens and references', () => {
  it('finds a signed token in a plus-address and ignores forged or foreign ones', () => {
    const good = replyAddress('support@shop.test', makeReplyToken(secret, 42));
    const forged = replyAddress('support@shop.test', 't43-aaaaaaaaaaaa');
    const otherSecret = replyAddress('support@shop.test', makeReplyToken('b'.repeat(64), 44));
    expect(ticketNumbersFromRecipients(secret, ['someone@else.test', forged, otherSecret, good, good.toUpperCase()])).toEqual([42]);
  });

  it('finds a token inside one of our Message-IDs', () => {
    const id = makeMessageId(makeReplyToken(secret, 7), 'abc123', 'shop.test');
    expect(ticketNumbersFromMessageIds(secret, ['CAF00@mail.gmail.com', id])).toEqual([7]);
    expect(ticketNumbersFromMessageIds(secret, [makeMessageId('t8-zzzzzzzzzzzz', 'x', 'shop.test')])).toEqual([]);
  });

  it('orders In-Reply-To first, then References newest first, normalised and distinct', () => {
    expect(referencedMessageIds('<c@x>', ['<a@x>', '<b@x>', '<c@x>'])).toEqual(['c@x', 'b@x', 'a@x']);
    expect(referencedMessageIds(null, [])).toEqual([]);
  });
});

describe('dmarcHoldReason', () => {
  it('holds only a DMARC failure whose domain asks to reject or quarantine', () => {
    expect(dmarcHoldReason({ spf: 'fail', dkim: 'fail', dmarc: 'fail', dmarcPolicy: 'reject' })).toBe('dmarc_fail');
    expect(dmarcHoldReason({ spf: 'fail', dkim: 'none', dmarc: 'fail', dmarcPolicy: 'quarantine' })).toBe('dmarc_fail');
    expect(dmarcHoldReason({ spf: 'fail', dkim: 'none', dmarc: 'fail', dmarcPolicy: 'none' })).toBeNull();
    expect(dmarcHoldReason({ spf: 'pass', dkim: 'pass', dmarc: 'pass', dmarcPolicy: 'reject' })).toBeNull();
    expect(dmarcHoldReason({ spf: 'skipped', dkim: 'skipped', dmarc: 'skipped', dmarcPolicy: null })).toBeNull();
    expect(dmarcHoldReason(null)).toBeNull();
  });
});

describe('decideThread', () => {
  it('is a new ticket when no rule matches', () => {
    expect(decideThread(input())).toEqual({ kind: 'new_ticket' });
  });

  it('prefers the reply token over references and subject', () => {
    const byToken = ticket({ id: 't-token' });
    const decision = decideThread(input({ tokenTicket: byToken, referenceTicket: ticket({ id: 't-ref' }), subjectTicket: ticket({ id: 't-subj' }) }));
    expect(decision).toEqual({ kind: 'append', ticket: byToken, rule: 'reply_token' });
  });

  it('uses references when there is no token, then the subject', () => {
    const byReference = ticket({ id: 't-ref' });
    expect(decideThread(input({ referenceTicket: byReference }))).toMatchObject({ kind: 'append', rule: 'references', ticket: { id: 't-ref' } });
    expect(decideThread(input({ subjectTicket: ticket({ id: 't-subj' }) }))).toMatchObject({ kind: 'append', rule: 'subject', ticket: { id: 't-subj' } });
  });

  it('holds a reply whose token points at another customer’s ticket, explaining why', () => {
    const decision = decideThread(
      input({ sender: { address: 'mallory@evil.test', customerId: 'customer-m', organisationId: null }, tokenTicket: ticket() }),
    );
    expect(decision.kind).toBe('hold');
    if (decision.kind !== 'hold') return;
    expect(decision.reason).toBe('unverified_sender');
    expect(decision.ticket?.id).toBe('ticket-1');
    expect(decision.detail).toContain('From mallory@evil.test but ticket #12');
    expect(decision.detail).toContain('ann@example.com');
  });

  it('holds a references match from an unknown sender', () => {
    const decision = decideThread(input({ sender: { address: 'new@x.test', customerId: null, organisationId: null }, referenceTicket: ticket() }));
    expect(decision).toMatchObject({ kind: 'hold', reason: 'unverified_sender' });
  });

  it('lets a colleague of the same organisation reply', () => {
    const colleague = { address: 'bob@example.com', customerId: 'customer-b', organisationId: 'org-1' };
    expect(decideThread(input({ sender: colleague, tokenTicket: ticket({ organisationId: 'org-1' }) }))).toMatchObject({ kind: 'append', rule: 'reply_token' });
    expect(senderOwnsTicket({ ...colleague, organisationId: null }, ticket({ organisationId: null }))).toBe(false);
  });

  it('never joins across customers by subject', () => {
    const decision = decideThread(input({ subjectTicket: ticket({ customerId: 'someone-else' }) }));
    expect(decision).toEqual({ kind: 'new_ticket' });
  });

  it('holds a DMARC failure under a reject/quarantine policy before anything else, even from the owner', () => {
    const auth = { spf: 'fail', dkim: 'fail', dmarc: 'fail', dmarcPolicy: 'reject' };
    expect(decideThread(input({ auth, tokenTicket: ticket() }))).toMatchObject({ kind: 'hold', reason: 'dmarc_fail', ticket: { id: 'ticket-1' } });
    expect(decideThread(input({ auth }))).toMatchObject({ kind: 'hold', reason: 'dmarc_fail', ticket: null });
    const relaxed = { ...auth, dmarcPolicy: 'none' };
    expect(decideThread(input({ auth: relaxed, tokenTicket: ticket() }))).toMatchObject({ kind: 'append' });
  });
});
