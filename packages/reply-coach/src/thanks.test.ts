import { describe, expect, it } from 'vitest';
import type { CoachOutput } from './coach-types.ts';
import { coachReply } from './coach.ts';
import { closingPart, hasThanks, mentionsThanks, thanksRoute } from './thanks.ts';

function missingThanks(draft: string): CoachOutput['findings'] {
  return coachReply({ draft, conversation: [{ from: 'customer', text: 'Hi, the blender I ordered arrived with a cracked jug.' }] }).findings.filter(
    (finding) => finding.rule === 'missing-thanks',
  );
}

describe('hasThanks on customer messages', () => {
  it.each([
    'Thanks so much for sorting that out!',
    'Cheers, that did the trick.',
    'Thank you, the new charger works perfectly.',
    'I really appreciate the quick refund.',
    'No, that is everything for today, thank you.',
    'Vielen Dank für die schnelle Hilfe!',
    'Merci pour votre aide.',
    'Hello, I ordered a lamp two weeks ago and the tracking page has not changed since Monday. Could you check where it is? Thanks in advance for looking into it.',
  ])('finds thanks in %j', (message) => {
    expect(hasThanks(message)).toBe(true);
  });

  it.each([
    'My parcel still has not arrived today.',
    'Where is my refund?',
    'Can you change the delivery address to my office?',
    'Thanks for nothing.',
    'Great, thanks for nothing, the replacement broke too and nobody has answered my e-mails for a week.',
    'I ordered a lamp two weeks ago and the tracking page has not changed since Monday. Could you check where it is and tell me when it will arrive?',
    '',
  ])('finds no thanks in %j', (message) => {
    expect(hasThanks(message)).toBe(false);
  });

  it('counts a chat closing as the customer politely signing off', () => {
    expect(hasThanks("No, that's all I needed, I'm all set.")).toBe(true);
  });

  it('routes long texts to the lexical check and short ones by their cues', () => {
    expect(thanksRoute('Is the shop open on Sunday?')).toBe('none');
    expect(thanksRoute('Thank you, that helps.')).toBe('plain');
    expect(thanksRoute('We really appreciate the fast reply.')).toBe('plain');
    expect(thanksRoute('Okay, thanks. Can you also check my other order?')).toBe('model');
    expect(thanksRoute("No, that's everything.")).toBe('model');
    expect(thanksRoute('I have tried resetting the router twice and the light still blinks orange every few minutes, thank you.')).toBe('rule');
  });

  it('is deterministic', () => {
    const message = 'Perfect, thank you so much!';
    expect(hasThanks(message)).toBe(hasThanks(message));
  });
});

describe('hasThanks with the agent message it replies to', () => {
  const offer = 'I checked with the warehouse. Shall I send you a replacement?';
  const anythingElse = 'Your refund has been issued. Is there anything else I can help you with?';
  const done = 'Your replacement left our warehouse this morning and should arrive on Friday.';

  it('reads "yes, thanks" as accepting an offer, not as thanks that closes the conversation', () => {
    expect(hasThanks('Yes, thanks!', { previousAgentText: offer })).toBe(false);
    expect(hasThanks('Yes please, thank you!', { previousAgentText: offer })).toBe(false);
    expect(hasThanks('Yes, thanks!', { previousAgentText: done })).toBe(true);
  });

  it('reads a bare "no" to "anything else?" as the customer signing off', () => {
    expect(hasThanks('No.', { previousAgentText: anythingElse })).toBe(true);
    expect(hasThanks("No, that's all.", { previousAgentText: anythingElse })).toBe(true);
    expect(hasThanks('No.', { previousAgentText: offer })).toBe(false);
    expect(hasThanks('No.')).toBe(false);
  });

  it('reads "confirmed" as something done, not as a request to confirm', () => {
    expect(thanksRoute('Thank you, that helps.', { previousAgentText: 'Your booking is confirmed.' })).toBe('plain');
    expect(thanksRoute('Thank you, that helps.', { previousAgentText: 'Please confirm the new address.' })).toBe('model');
  });

  it('keeps plain thanks for a message that asked nothing', () => {
    expect(thanksRoute('Thank you, the new battery works.', { previousAgentText: done })).toBe('plain');
    expect(hasThanks('Many thanks for sorting this out.', { previousAgentText: done })).toBe(true);
  });

  it('lets the model decide every short text once the agent message is known', () => {
    expect(thanksRoute('No.', { previousAgentText: anythingElse })).toBe('model');
    expect(thanksRoute('Thank you, that helps.', { previousAgentText: offer })).toBe('model');
    expect(thanksRoute('I have tried resetting the router twice and the light still blinks orange every few minutes, thank you.', { previousAgentText: offer })).toBe('rule');
  });

  it('looks at the last two sentences of the agent message, without the signature', () => {
    expect(closingPart('Hi Ann,\n\nThe parcel was returned to us. We can send it again today. Shall I do that?\n\nBest regards,\nTom\nShop support')).toBe(
      'We can send it again today. Shall I do that?',
    );
    expect(closingPart('Thanks for waiting. Is there anything else?\n\nThanks,\nTom')).toBe('Thanks for waiting. Is there anything else?');
    expect(closingPart('Done.')).toBe('Done.');
    // A "Thank you!" line near the top of a long message is not its sign-off.
    const long = ['Hi Ann,', '', 'Thank you!', '', 'I looked at your order.', 'The parcel was returned to us.', 'We can send it again today.', 'Or we can refund it.', 'Which would you prefer?', '', 'Best regards,', 'Tom'].join('\n');
    expect(closingPart(long)).toBe('Or we can refund it. Which would you prefer?');
    expect(closingPart('')).toBe('');
    expect(hasThanks('No, thank you.', { previousAgentText: `${anythingElse}\n\nKind regards,\nTom` })).toBe(true);
  });
});

describe('missing-thanks on agent drafts', () => {
  it.each([
    'Thanks for waiting. Your replacement jug ships tomorrow.',
    'I appreciate your patience while we looked into this.',
    'Thank you for your order! It will leave our warehouse on Monday.',
    'Thanks for waiting, could you send me the order number?',
    'Sounds good, thanks!',
    'Many thanks for the photos; a new jug is on its way.',
    'Danke für Ihre Geduld, der Ersatz ist unterwegs.',
  ])('stays quiet when the draft thanks: %j', (draft) => {
    expect(mentionsThanks(draft)).toBe(true);
    expect(missingThanks(draft)).toHaveLength(0);
  });

  it.each([
    'Your replacement jug ships tomorrow.',
    "That's everything on our side; the refund is done.",
    'Could you send me a photo of the crack?',
    'We are sorry the jug arrived damaged. A new one leaves our warehouse today and should reach you by Friday.',
  ])('suggests thanks when the draft has none: %j', (draft) => {
    expect(missingThanks(draft)).toHaveLength(1);
  });
});
