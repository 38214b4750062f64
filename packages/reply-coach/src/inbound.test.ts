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

describe('impolitenessScore', () => {
  it('ranks a blunt demand above a polite request', () => {
    const blunt = impolitenessScore('Why did you delete my edit again? This is nonsense.');
    const polite = impolitenessScore('Hi, could you please take a look when you have time? Thanks so much!');
    expect(blunt).toBeGreaterThan(polite);
  });
});
