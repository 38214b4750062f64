import { describe, expect, it } from 'vitest';
import { classifyAsk, extractQuestions } from './questions.ts';

describe('classifyAsk', () => {
  it.each([
    ['Where is my parcel?', 'question'],
    ['what time do you open.', 'question'],
    ['Please send me the invoice.', 'request'],
    ['Send me a copy of the receipt.', 'request'],
    ['I need a refund for the broken lamp.', 'request'],
    ['Thanks, and can you also check the address.', 'request'],
    ['Maria, could we move the call to Friday.', 'question'],
  ])('treats "%s" as a %s', (sentence, kind) => {
    expect(classifyAsk(sentence)).toBe(kind);
  });

  it.each([
    'Please find attached the photo of the box.',
    'Thanks so much for your help.',
    'The parcel arrived this morning.',
    'To stop receiving these emails, please click unsubscribe.',
  ])('finds no ask in "%s"', (sentence) => {
    expect(classifyAsk(sentence)).toBeNull();
  });
});

describe('extractQuestions', () => {
  it('ignores quoted history below "On … wrote:"', () => {
    const questions = extractQuestions([
      { from: 'customer', text: 'Can you resend the label?\n\nOn Mon, 2 Mar 2026, Support wrote:\n> Can you send a photo?' },
    ]);
    expect(questions.map((question) => question.text)).toEqual(['Can you resend the label?']);
  });
});
