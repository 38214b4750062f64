/** The playbook suggestion rules (P24, P30): each rule fires on plain examples and says why. */
import { describe, expect, it } from 'vitest';
import { builtInPlaybookKeys } from '@rapport/contracts/playbooks';
import { builtInPlaybooks } from './built-in-playbooks.ts';
import { describeSuggestion, latestCustomerText, suggestPlaybooks, type ConversationLine } from './suggest-playbooks.ts';

const customer = (text: string): ConversationLine => ({ from: 'customer', text });
const agent = (text: string): ConversationLine => ({ from: 'agent', text });
const keysFor = (subject: string, lines: ConversationLine[], tags: string[] = []) => suggestPlaybooks({ subject, tags, conversation: lines }).map((match) => match.key);

describe('playbook suggestions', () => {
  it('suggests nothing for a calm question', () => {
    expect(keysFor('Question about sizes', [customer('Hi, does the blue jacket come in a medium? Thanks!')])).toEqual([]);
  });

  it('suggests the angry-customer playbook when the latest customer message reads as angry, with the tone cues', () => {
    const [match] = suggestPlaybooks({
      subject: 'Account',
      tags: [],
      conversation: [customer('This is UNACCEPTABLE. I am furious, I have asked THREE times and nobody answers!!')],
    });
    expect(match).toMatchObject({ key: 'angry_customer', rule: 'angry_tone' });
    expect(match?.evidence).toContain('anger words');
    expect(describeSuggestion(match!)).toMatch(/reads as angry \(anger words/);
  });

  it('judges the tone on the customer words since our last reply, like the coach', () => {
    const conversation = [customer('This is absolutely ridiculous and I am furious!!'), agent('I am so sorry, I have sent a new one today.'), customer('Thank you, that is kind.')];
    expect(latestCustomerText(conversation)).toBe('Thank you, that is kind.');
    expect(keysFor('Help', conversation)).not.toContain('angry_customer');
  });

  it('suggests the delayed-shipment playbook only when a delivery and a delay are both mentioned', () => {
    const [match] = suggestPlaybooks({ subject: 'Where is my parcel?', tags: [], conversation: [customer('The parcel was due on Monday and still has not arrived.')] });
    expect(match).toMatchObject({ key: 'delayed_shipment', rule: 'shipping_delay' });
    expect(match?.evidence).toEqual(expect.arrayContaining(['parcel']));
    expect(describeSuggestion(match!)).toMatch(/^The customer mentions a late delivery: "/);
    expect(keysFor('Tracking', [customer('My order is a week late, the tracking shows nothing.')])).toEqual(['delayed_shipment']);
    // A delay without a delivery, or a delivery without a delay, is something else.
    expect(keysFor('Slow app', [customer('The app is very late to load in the morning.')])).toEqual([]);
    expect(keysFor('Delivery address', [customer('Can I change the delivery address for next time?')])).toEqual([]);
  });

  it('suggests the refund playbook when the customer asks for their money back, not when they decline it', () => {
    expect(keysFor('Cancel', [customer('Please cancel it and give me my money back.')])).toEqual(['refund_request']);
    expect(keysFor('Refund please', [customer('I would like a refund for the lamp.')])).toEqual(['refund_request']);
    expect(keysFor('Small thing', [customer("I don't want a refund, just the missing screw for the shelf.")])).not.toContain('refund_request');
  });

  it('suggests the our-mistake playbook for a wrong or damaged item, or when tagged our-mistake', () => {
    const [words] = suggestPlaybooks({ subject: 'Order 5521', tags: [], conversation: [customer('You sent me the wrong size, I ordered a large.')] });
    expect(words).toMatchObject({ key: 'our_mistake', rule: 'mistake_words' });
    expect(describeSuggestion(words!)).toContain('"sent me the wrong"');
    expect(keysFor('Broken mug', [customer('The mug arrived broken, the handle is off.')])).toEqual(['our_mistake']);
    const [tagged] = suggestPlaybooks({ subject: 'Invoice', tags: ['Our-Mistake'], conversation: [customer('Could you resend the invoice?')] });
    expect(tagged).toMatchObject({ key: 'our_mistake', rule: 'tagged_our_mistake', evidence: ['our-mistake'] });
  });

  it('lists several matches, calming an angry customer first', () => {
    const keys = keysFor('Damaged lamp', [customer('This is a disgrace!! The lamp arrived damaged and I want my money back NOW. Absolutely furious.')]);
    expect(keys[0]).toBe('angry_customer');
    expect(keys).toEqual(expect.arrayContaining(['our_mistake', 'refund_request']));
  });

  it('ignores agent messages when looking for the situation', () => {
    expect(keysFor('Hello', [customer('Hi, quick question about my account.'), agent('If your parcel is late we can refund you.')])).toEqual([]);
  });
});

describe('built-in playbooks', () => {
  it('covers each built-in key once, with 4 to 6 steps, a macro and allowed actions', () => {
    expect(builtInPlaybooks.map((playbook) => playbook.key).sort()).toEqual([...builtInPlaybookKeys].sort());
    for (const playbook of builtInPlaybooks) {
      expect(playbook.steps.length, playbook.key).toBeGreaterThanOrEqual(4);
      expect(playbook.steps.length, playbook.key).toBeLessThanOrEqual(6);
      expect(playbook.allowedActions.length, playbook.key).toBeGreaterThan(0);
      expect(playbook.macro.body, playbook.key).toContain('{{customer.first_name}}');
    }
  });

  it('uses only placeholders the macros module fills', async () => {
    const { macroPlaceholders } = await import('@rapport/contracts/composer');
    for (const playbook of builtInPlaybooks) {
      for (const [, name] of playbook.macro.body.matchAll(/\{\{\s*([^{}]*?)\s*\}\}/g)) {
        expect(macroPlaceholders as readonly string[], `${playbook.key}: {{${name}}}`).toContain(name);
      }
    }
  });
});
