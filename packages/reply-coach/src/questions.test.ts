import { describe, expect, it } from 'vitest';
import { askFeatures, classifyAsk, extractQuestions, hardAskDecision } from './questions.ts';

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
    'Please note that I will be away next week.',
    'Best regards, Sam',
    'The courier left the parcel with my neighbour.',
    'My order number is 48213.',
  ])('finds no ask in "%s"', (sentence) => {
    expect(classifyAsk(sentence)).toBeNull();
  });

  it.each([
    ['how do i reset my password', true],
    ['I want to know the delivery date.', true],
    ['Ship it to my work address instead.', true],
    ['Please see the attached photo of the damage.', false],
    ['Kindly refund the delivery charge to my card.', undefined],
  ])('hard rules decide "%s" as %s before the model', (sentence, decision) => {
    expect(hardAskDecision(sentence)).toBe(decision);
  });

  it.each(['Kindly refund the delivery charge to my card.', 'We need the corrected invoice for our accounts team.'])(
    'reports an ask only the model finds in "%s" as a request',
    (sentence) => {
      expect(hardAskDecision(sentence)).toBeUndefined();
      expect(classifyAsk(sentence)).toBe('request');
    },
  );

  it('gives the model the rules\' hits and the words as features, the same each time', () => {
    const features = askFeatures('Could you send the label, please?');
    expect(features).toContain('r:qmark');
    expect(features).toContain('r:can-you');
    expect(features).toContain('f:could_you');
    expect(askFeatures('Could you send the label, please?')).toEqual(features);
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
