/** The resolution suggestion, rule by rule: action by situation, share by severity, our mistake, history, caps, rounding. */
import { describe, expect, it } from 'vitest';
import { resolutionActions } from '@rapport/contracts/resolutions';
import { severityOf, suggestResolution, type AgentLimit, type SuggestionInput } from './resolution-suggestion.ts';

const calm = 'Hello, could you tell me when my order will ship? Thanks.';
const unhappy = 'I am really disappointed with this.';
const angry = 'This is absolutely unacceptable and I am furious! Worst service ever!!';

const limits: AgentLimit[] = [
  { action: 'refund', perAction: '50.00', remainingInPeriod: '200.00' },
  { action: 'store_credit', perAction: '75.00', remainingInPeriod: '300.00' },
  { action: 'replacement', perAction: '80.00', remainingInPeriod: '300.00' },
  { action: 'discount', perAction: '30.00', remainingInPeriod: '150.00' },
  { action: 'free_shipping', perAction: '15.00', remainingInPeriod: '100.00' },
];

function input(overrides: Partial<SuggestionInput> = {}): SuggestionInput {
  return {
    customerText: calm,
    ourMistake: null,
    delayedShipment: null,
    history: { ticketsLastYear: 1, actionsLastYear: 0 },
    allowedActions: [...resolutionActions],
    currency: 'EUR',
    limits,
    ...overrides,
  };
}

describe('severity', () => {
  it('reads calm, unhappy and angry messages as low, medium and high', () => {
    expect(severityOf(calm).severity).toBe('low');
    expect(severityOf(unhappy).severity).toBe('medium');
    expect(severityOf(angry).severity).toBe('high');
    expect(severityOf('You people are idiots').severity).toBe('high');
  });
});

describe('suggestResolution', () => {
  it('proposes store credit by default, a share of the limit by severity', () => {
    expect(suggestResolution(input())).toMatchObject({ action: 'store_credit', amount: '18.00', severity: 'low', ourMistake: false });
    expect(suggestResolution(input({ customerText: unhappy }))).toMatchObject({ action: 'store_credit', amount: '37.00', severity: 'medium' });
    expect(suggestResolution(input({ customerText: angry }))).toMatchObject({ action: 'store_credit', amount: '75.00', severity: 'high' });
  });

  it('proposes free shipping (else a discount) for a late delivery', () => {
    const late = input({ delayedShipment: 'The customer mentions a late delivery: "late".' });
    expect(suggestResolution(late)).toMatchObject({ action: 'free_shipping', amount: '3.00' });
    const noShipping = suggestResolution({ ...late, allowedActions: ['discount', 'refund'] });
    expect(noShipping).toMatchObject({ action: 'discount', amount: '7.00' });
    expect(noShipping!.reasons.join(' ')).toContain('free shipping is not allowed on this ticket');
    expect(suggestResolution(late)!.reasons).toContain('A late delivery: The customer mentions a late delivery: "late".');
  });

  it('proposes a replacement (else a refund) for our mistake, one severity step up', () => {
    const mistake = input({ ourMistake: 'the ticket is tagged our-mistake.' });
    const suggestion = suggestResolution(mistake);
    // Low severity, one step up: 50% of 80.
    expect(suggestion).toMatchObject({ action: 'replacement', amount: '40.00', severity: 'low', ourMistake: true });
    expect(suggestion!.reasons.join(' ')).toContain('One step up for our mistake');
    expect(suggestResolution({ ...mistake, limits: limits.filter((limit) => limit.action !== 'replacement') })).toMatchObject({ action: 'refund', amount: '25.00' });
    // High stays high (100%).
    expect(suggestResolution({ ...mistake, customerText: angry })).toMatchObject({ action: 'replacement', amount: '80.00', severity: 'high' });
  });

  it('halves the amount for a customer with three or more approved actions in a year, and says so', () => {
    const frequent = suggestResolution(input({ customerText: angry, history: { ticketsLastYear: 6, actionsLastYear: 3 } }));
    expect(frequent).toMatchObject({ action: 'store_credit', amount: '37.00', history: { ticketsLastYear: 6, actionsLastYear: 3 } });
    expect(frequent!.reasons.join(' ')).toContain('Halved');
    expect(suggestResolution(input({ customerText: angry, history: { ticketsLastYear: 6, actionsLastYear: 2 } }))!.amount).toBe('75.00');
  });

  it('caps by what is left of the period and rounds down to whole units', () => {
    const capped = suggestResolution(input({ customerText: angry, limits: [{ action: 'store_credit', perAction: '75.00', remainingInPeriod: '12.99' }] }));
    expect(capped).toMatchObject({ action: 'store_credit', amount: '12.00' });
    expect(capped!.reasons.join(' ')).toContain('capped by what is left this period');
  });

  it('returns null when nothing fits: no allowed action with a limit, or less than one unit left', () => {
    expect(suggestResolution(input({ allowedActions: ['refund'], limits: limits.filter((limit) => limit.action !== 'refund') }))).toBeNull();
    expect(suggestResolution(input({ limits: [{ action: 'store_credit', perAction: '75.00', remainingInPeriod: '0.50' }] }))).toBeNull();
    expect(suggestResolution(input({ limits: [{ action: 'store_credit', perAction: null, remainingInPeriod: null }] }))).toBeNull();
    expect(suggestResolution(input({ limits: [] }))).toBeNull();
  });

  it('is deterministic and lists every fact', () => {
    const facts = input({ customerText: unhappy, ourMistake: 'the customer reports a mistake.', delayedShipment: 'a late delivery.', history: { ticketsLastYear: 4, actionsLastYear: 1 } });
    const first = suggestResolution(facts);
    expect(suggestResolution(facts)).toEqual(first);
    expect(first).toMatchObject({ action: 'free_shipping', amount: '15.00', severity: 'medium', ourMistake: true });
    expect(first!.reasons.join('\n')).toMatch(/medium severity[\s\S]*late delivery[\s\S]*Our mistake[\s\S]*4 ticket\(s\) and 1 approved[\s\S]*One step up[\s\S]*Free shipping of 15.00 EUR: 100% of your per-action limit of 15.00 EUR/);
  });
});
