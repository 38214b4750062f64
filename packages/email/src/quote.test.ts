import { describe, expect, it } from 'vitest';
import { isAttribution, splitTextQuote } from './quote.ts';
import { splitHtmlQuote } from './html.ts';

describe('splitTextQuote', () => {
  it('removes a top-posted quote with its "On … wrote:" line', () => {
    const split = splitTextQuote('Thanks, that fixed it.\n\nOn Mon, 1 Jan 2024 at 10:00, Support <help@example.com> wrote:\n> Try restarting.\n> Bye\n');
    expect(split.reply).toBe('Thanks, that fixed it.');
    expect(split.quoted).toContain('Try restarting.');
  });

  it('removes an RFC 3676 signature but keeps it in withoutQuotes', () => {
    const split = splitTextQuote('Hello there\n\n-- \nJane\nACME\n');
    expect(split.reply).toBe('Hello there');
    expect(split.withoutQuotes).toContain('Jane');
    expect(split.quoted).toContain('Jane');
  });

  it('cuts at an Outlook header block written without ">"', () => {
    const split = splitTextQuote('Yes please.\n\nFrom: Support <help@example.com>\nSent: Monday\nTo: me@example.com\nSubject: Re: order\n\nEarlier text\n');
    expect(split.reply).toBe('Yes please.');
    expect(split.quoted).toContain('Earlier text');
  });

  it('cuts at "-----Original Message-----"', () => {
    expect(splitTextQuote('Fine.\n-----Original Message-----\nFrom: a@example.com\nold\n').reply).toBe('Fine.');
  });

  it('keeps a forward that has no text of its own', () => {
    const split = splitTextQuote('-----Original Message-----\nFrom: a@example.com\nSent: today\nTo: b@example.com\n\nplease help\n');
    expect(split.reply).toContain('please help');
  });

  it('joins a localized attribution split over two lines', () => {
    const split = splitTextQuote('Привет\n02.04.2012 14:20 пользователь "bob@example.com" <\nbob@example.com> написал:\n\n> Hi\n');
    expect(split.reply).toBe('Привет');
  });

  it('recognises attributions', () => {
    expect(isAttribution('On Tue, Apr 29, 2014 at 4:22 PM, Dev <dev@example.com> wrote:')).toBe(true);
    expect(isAttribution('Le 3 avr. 2012 à 16:19, bob <bob@example.com> a écrit :')).toBe(true);
    expect(isAttribution('Here is what I think:')).toBe(false);
  });

  it('is linear on a very long quoted line', () => {
    const started = performance.now();
    splitTextQuote(`Hi\n${'>'.repeat(2_000_000)}\n${'On a b wrote: '.repeat(50_000)}\n`);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('splitHtmlQuote', () => {
  it('cuts at a Gmail quote', () => {
    const split = splitHtmlQuote('<div>New text</div><div class="gmail_quote">On x wrote:<blockquote>old</blockquote></div>');
    expect(split.replyHtml).toBe('<div>New text</div>');
    expect(split.quotedHtml).toContain('old');
  });

  it('cuts at an Apple Mail cite blockquote and removes the attribution before it', () => {
    const split = splitHtmlQuote('<div>Sure.</div><div>On 3 Apr 2012, at 16:19, bob &lt;bob@example.com&gt; wrote:<br></div><blockquote type="cite">old</blockquote>');
    expect(split.replyHtml).not.toContain('wrote');
    expect(split.replyHtml).toContain('Sure.');
    expect(split.attribution).toContain('wrote:');
  });

  it('cuts at an Outlook divRplyFwdMsg and at a Yahoo quote', () => {
    expect(splitHtmlQuote('<p>A</p><div id="divRplyFwdMsg">From: x</div><p>old</p>').replyHtml).toBe('<p>A</p>');
    expect(splitHtmlQuote('<p>B</p><div class="yahoo_quoted">old</div>').replyHtml).toBe('<p>B</p>');
  });

  it('leaves a message without markers whole', () => {
    const split = splitHtmlQuote('<p>Hello <b>you</b></p>');
    expect(split.replyHtml).toBe('<p>Hello <b>you</b></p>');
    expect(split.quotedHtml).toBe('');
  });
});
