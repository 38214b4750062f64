import { describe, expect, it } from 'vitest';
import { actorName, describeOverride, extensionMinutes, kindLabel, languageName, reasonError, routingFlagText } from './override-logic.ts';

describe('the SLA override form', () => {
  it('needs a reason of 3 to 2000 characters (spaces do not count)', () => {
    expect(reasonError('')).toBe('overrides.error.reasonRequired');
    expect(reasonError('  ok  ')).toBe('overrides.error.reasonRequired');
    expect(reasonError('Customer asked us to wait')).toBeNull();
    expect(reasonError('x'.repeat(2001))).toBe('overrides.error.reasonTooLong');
  });

  it('turns minutes or hours into minutes, whole and positive, at most 30 days', () => {
    expect(extensionMinutes('90', 'minutes')).toEqual({ minutes: 90 });
    expect(extensionMinutes(' 2 ', 'hours')).toEqual({ minutes: 120 });
    expect(extensionMinutes('720', 'hours')).toEqual({ minutes: 43_200 });
    expect(extensionMinutes('721', 'hours')).toEqual({ error: 'overrides.error.tooLong' });
    for (const bad of ['', '0', '-5', '1.5', 'two']) expect(extensionMinutes(bad, 'minutes')).toEqual({ error: 'overrides.error.amount' });
  });
});

describe('the routing flag', () => {
  it('says why routing flagged the ticket, naming the language', () => {
    expect(routingFlagText(null, 'fr')).toBeNull();
    expect(routingFlagText('no_language_match', 'fr')).toBe('Routed to the fallback team: no available agent speaks French.');
    expect(routingFlagText('no_language_speaker', 'de')).toMatch(/^Waiting for an agent who speaks German/);
    expect(routingFlagText('no_language_match', null)).toContain('its language');
    expect(routingFlagText('something_new', null)).toBe('Routing flagged this ticket: something_new.');
    expect(languageName('pt-BR')).toMatch(/Portuguese/);
  });
});

describe('describing an override', () => {
  it('reads every kind in a few words', () => {
    expect(describeOverride({ kind: 'sla', subject: 'first_reply', after: { action: 'extend', minutes: 120 } })).toBe('First reply: 2 h added');
    expect(describeOverride({ kind: 'sla', subject: 'resolution', after: { action: 'waive' } })).toBe('Resolution waived');
    expect(describeOverride({ kind: 'routing', subject: 'assign', after: { autoRouting: false } })).toBe('Routed by hand');
    expect(describeOverride({ kind: 'routing', subject: 'resume', after: {} })).toBe('Automatic routing resumed');
    expect(describeOverride({ kind: 'auto_close', subject: 'postpone', after: {} })).toBe('Kept waiting');
    expect(describeOverride({ kind: 'auto_close', subject: 'never_close', after: {} })).toBe('Not closed automatically');
    expect(describeOverride({ kind: 'limit', subject: null, after: {} })).toBe('Approved above a discretion limit');
    expect(kindLabel('auto_close')).toBe('Automatic close');
    expect(actorName(null)).toBe('a former member');
    expect(actorName({ name: 'Lee' })).toBe('Lee');
  });
});
