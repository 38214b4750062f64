import { describe, expect, it } from 'vitest';
import { ngramFeatures } from './linear-model.ts';
import { commitmentFeatures, findCommitments, isCommitment, commitmentOverride, isCommitmentByRules } from './commitments.ts';
import { splitSentences } from './sentences.ts';

describe('isCommitment', () => {
  it.each([
    "I'll send the replacement charger by courier tomorrow.",
    'We will refund the second charge to your card this week.',
    'I am forwarding your notes to our billing team now.',
    'Priya, I will call you back before noon on Thursday.',
    "We'd like to swap the faulty router for a new one at no cost.",
    'I need to check the warehouse log before I can confirm the date.',
    'We can issue a credit note for the missing item today.',
  ])('finds a promise in "%s"', (sentence) => {
    expect(isCommitment(sentence)).toBe(true);
  });

  it.each([
    'Will you send us a photo of the label?',
    'Could we have your order number, please?',
    'We shipped the parcel yesterday afternoon.',
    'I spoke to the courier this morning.',
    'The invoice was attached to the first email.',
    'Please restart the app and try again.',
    'Thanks for waiting.',
    'Ok.',
  ])('finds no promise in "%s"', (sentence) => {
    expect(isCommitment(sentence)).toBe(false);
  });

  it('keeps questions and requests to the customer out, whatever the model says', () => {
    expect(commitmentOverride('Can you confirm the delivery address?')).toBe(false);
    expect(commitmentOverride('We will ship it on Monday?')).toBe(false);
    expect(commitmentOverride('We will ship it on Monday.')).toBeNull();
  });

  it.each([
    'Let me check with the warehouse team.',
    "You'll receive a tracking link by email shortly.",
    'Your replacement will be dispatched on Monday.',
    "We'll be in touch as soon as the engineer reports back.",
    'Will update you once the supplier replies.',
  ])('counts the help-desk promise "%s" outright', (sentence) => {
    expect(commitmentOverride(sentence)).toBe(true);
    expect(isCommitment(sentence)).toBe(true);
  });

  it('is deterministic', () => {
    const sentence = 'We are arranging a courier pickup for Friday.';
    expect(isCommitment(sentence)).toBe(isCommitment(sentence));
  });
});

describe('commitmentFeatures', () => {
  it('names rule hits and the subject, auxiliary and verb', () => {
    const features = commitmentFeatures("I'll email the label today.");
    expect(features).toEqual(expect.arrayContaining(['r:future', 'r:rules', 'p:start', 'p:will', 'p:start_will', 'pv:email', 'ps:main_will_base', 'f:i\'ll']));
  });

  it('marks a pronoun inside a subordinate clause', () => {
    expect(commitmentFeatures('The parcel left after we packed it.')).toEqual(expect.arrayContaining(['p:sub', 'ps:sub_none_ed']));
  });

  it('skips a leading name and keeps only function words as opening features', () => {
    const features = commitmentFeatures('Marta, we can reprint the invoice.');
    expect(features).toEqual(expect.arrayContaining(['f:we', 'f:we_can', 'p:clause']));
    expect(features.filter((feature) => feature.startsWith('f:marta'))).toEqual([]);
    expect(commitmentFeatures('Marta left the office.').filter((feature) => feature.startsWith('f:'))).toEqual([]);
  });

  it('names opening features as ngramFeatures does', () => {
    const sentence = 'We will look into it.';
    const opening = ngramFeatures(sentence).filter((feature) => feature.startsWith('f:'));
    expect(commitmentFeatures(sentence).filter((feature) => feature.startsWith('f:'))).toEqual(opening);
  });
});

describe('isCommitmentByRules', () => {
  it('still reads the hand-written rules alone', () => {
    expect(isCommitmentByRules("I'll chase the courier today.")).toBe(true);
    expect(isCommitmentByRules('Will you check the serial number?')).toBe(false);
  });
});

describe('findCommitments', () => {
  it('returns spans and a resolved due time', () => {
    const draft = 'Sorry about the delay. I will send the new keys tomorrow at 9am.';
    const found = findCommitments(splitSentences(draft), '2026-03-27T10:00:00Z', 'Europe/Berlin');
    expect(found).toHaveLength(1);
    expect(draft.slice(found[0]?.start, found[0]?.end)).toBe('I will send the new keys tomorrow at 9am.');
    expect(found[0]?.due).toBe('2026-03-28T08:00:00.000Z');
  });
});
