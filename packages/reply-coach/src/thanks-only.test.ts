import { describe, expect, it } from 'vitest';
import { isThanksOnly } from './thanks-only.ts';

describe('isThanksOnly', () => {
  it.each([
    'Thanks, that fixed it!',
    'Thank you so much, the replacement arrived this morning.',
    'Brilliant, many thanks.',
    'Got it, thanks a lot!',
    "Perfect, that's all I needed. Thank you!",
  ])('is true for a reply that only thanks: %s', (text) => {
    expect(isThanksOnly(text)).toBe(true);
  });

  it.each([
    ['a problem remains', 'Thanks, but the app still crashes when I log in.'],
    ['a question', 'Thanks! When will the refund reach my card?'],
    ['a request without a question mark', 'Thank you. Please send me the invoice as well.'],
    ['no thanks at all', 'The parcel arrived today.'],
    ['a long message', `Thank you. ${'I wanted to tell you a bit more about how we use the product every day in our shop. '.repeat(3)}`],
    ['sarcasm', 'Thanks for nothing.'],
    ['empty', '   '],
  ])('is false when there is %s', (_what, text) => {
    expect(isThanksOnly(text)).toBe(false);
  });

  it('answers from the agent message it replies to, when known', () => {
    const offer = 'We could also send you a replacement. Would you like that?';
    const shipped = 'Your replacement has been shipped and should arrive on Friday.';
    expect(isThanksOnly('Yes, thanks!', { previousAgentText: offer })).toBe(false);
    expect(isThanksOnly('Yes, thanks!', { previousAgentText: shipped })).toBe(true);
    expect(isThanksOnly('No, that is all.', { previousAgentText: 'Is there anything else I can do for you?' })).toBe(true);
    expect(isThanksOnly('Thanks, but the app still crashes.', { previousAgentText: shipped })).toBe(false);
  });
});
