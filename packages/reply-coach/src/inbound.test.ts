import { describe, expect, it } from 'vitest';
import { analyseInbound } from './inbound.ts';
import { impolitenessScore } from './politeness.ts';

describe('analyseInbound', () => {
  it('scores a calm message low', () => {
    const result = analyseInbound('Hi, could you tell me when my order will arrive? Thanks!');
    expect(result.anger).toBeLessThan(0.3);
    expect(result.abuse).toBe(false);
  });

  it('scores an angry message high and says why', () => {
    const result = analyseInbound('This is UNACCEPTABLE. I have called FIVE times and still nothing!!! I want my money back.');
    expect(result.anger).toBeGreaterThan(0.7);
    expect(result.reasons).toEqual(expect.arrayContaining(['strong complaint words', 'capitals', 'exclamation marks']));
    expect(result.abuse).toBe(false);
  });

  it('marks insults aimed at people as abuse', () => {
    expect(analyseInbound('You are all incompetent idiots.').abuse).toBe(true);
    expect(analyseInbound('The idiot-proof setup guide was great.').abuse).toBe(false);
  });
});

describe('analyseInbound anger model', () => {
  it.each([
    'Hello, I would like to change the delivery address on my order to my office, please.',
    'Do you ship to Norway, and how long does it usually take?',
    'Thanks for the quick reply, the replacement arrived today and works fine.',
    'Could you send me a copy of last month\'s invoice for my records?',
    'Hi team, I ordered a desk lamp on Monday and paid by card. The confirmation said it would leave the warehouse within two days. I will be travelling next week, so could the courier leave it with my neighbour at number 12? Many thanks and have a nice weekend.',
  ])('keeps a calm message well under the angry line: "%s"', (message) => {
    const result = analyseInbound(message);
    expect(result.anger).toBeLessThan(0.3);
    expect(result.abuse).toBe(false);
  });

  it.each([
    'THIS IS A JOKE. Third week without internet and your so-called support keeps hanging up on me!!!',
    'You people are a bunch of incompetent clowns. Refund me NOW or I am going to my lawyer!!',
    'I am absolutely livid. The order is late AGAIN, nobody answers the phone and I am sick of it!',
  ])('scores an abusive or shouted message well over the angry line: "%s"', (message) => {
    expect(analyseInbound(message).anger).toBeGreaterThan(0.75);
  });

  it('reads one frustration word as unhappy, not angry', () => {
    const anger = analyseInbound('I am a bit disappointed that the colour is lighter than in the photo.').anger;
    expect(anger).toBeGreaterThanOrEqual(0.3);
    expect(anger).toBeLessThan(0.5);
  });

  it('puts abuse over the angry line even in a short message', () => {
    const result = analyseInbound('You are all liars.');
    expect(result.abuse).toBe(true);
    expect(result.anger).toBeGreaterThanOrEqual(0.5);
  });

  it('keeps the anger in 0..1, deterministic and rounded to 2 decimals', () => {
    for (const message of ['', '!!!', 'a'.repeat(5000), 'WHY WHY WHY '.repeat(200)]) {
      const first = analyseInbound(message);
      expect(first).toEqual(analyseInbound(message));
      expect(first.anger).toBeGreaterThanOrEqual(0);
      expect(first.anger).toBeLessThanOrEqual(1);
      expect(Math.round(first.anger * 100) / 100).toBe(first.anger);
    }
  });

  it('gives the same reasons as the cue rules', () => {
    expect(analyseInbound('I am so frustrated, this is ridiculous!!').reasons).toEqual(['strong complaint words', 'frustration words', 'exclamation marks']);
    expect(analyseInbound('Where is my parcel?').reasons).toEqual([]);
  });
});

describe('impolitenessScore', () => {
  it('ranks a blunt demand above a polite request', () => {
    const blunt = impolitenessScore('Why did you delete my edit again? This is nonsense.');
    const polite = impolitenessScore('Hi, could you please take a look when you have time? Thanks so much!');
    expect(blunt).toBeGreaterThan(polite);
  });
});
