import { describe, expect, it } from 'vitest';
import { effectiveCoachSettings, parseStoredCoachSettings } from './effective-settings.ts';

const defaults = { now: '2026-01-05T10:00:00.000Z', timeZone: 'Europe/Berlin' };

describe('effectiveCoachSettings', () => {
  it('keeps checks admins turned off off, and never raises a level', () => {
    const workspace = { checks: { dismissive: 'off', jargon: 'info' } as const, glossary: [] };
    const result = effectiveCoachSettings(workspace, { checks: { dismissive: 'warn', jargon: 'warn' } }, defaults);
    expect(result.checks).toEqual({ dismissive: 'off', jargon: 'info' });
  });

  it('lets a request narrow a check, and set one the workspace leaves at its default', () => {
    const workspace = { checks: { jargon: 'warn' } as const, glossary: [] };
    const result = effectiveCoachSettings(workspace, { checks: { jargon: 'off', readability: 'warn' } }, defaults);
    expect(result.checks).toEqual({ jargon: 'off', readability: 'warn' });
  });

  it("adds request glossary terms after the workspace's, the workspace winning on the same term", () => {
    const workspace = { checks: {}, glossary: [{ term: 'RMA', plain: 'return number' }] };
    const result = effectiveCoachSettings(workspace, { glossary: [{ term: 'rma', plain: 'other' }, { term: 'ETA', plain: 'expected arrival' }] }, defaults);
    expect(result.glossary).toEqual([
      { term: 'RMA', plain: 'return number' },
      { term: 'ETA', plain: 'expected arrival' },
    ]);
  });

  it('defaults now and the time zone, a request overriding both', () => {
    expect(effectiveCoachSettings({ checks: {}, glossary: [] }, undefined, defaults)).toEqual({ checks: {}, glossary: [], ...defaults });
    const own = effectiveCoachSettings({ checks: {}, glossary: [] }, { now: '2026-02-01T00:00:00Z', timeZone: 'UTC' }, defaults);
    expect(own).toMatchObject({ now: '2026-02-01T00:00:00Z', timeZone: 'UTC' });
  });
});

describe('parseStoredCoachSettings', () => {
  it('reads the stored shape and falls back to defaults for anything else', () => {
    expect(parseStoredCoachSettings({ checks: { jargon: 'off' }, glossary: [{ term: 'X', plain: 'y' }] })).toEqual({ checks: { jargon: 'off' }, glossary: [{ term: 'X', plain: 'y' }] });
    expect(parseStoredCoachSettings({})).toEqual({ checks: {}, glossary: [] });
    expect(parseStoredCoachSettings({ checks: { nonsense: 'loud' } })).toEqual({ checks: {}, glossary: [] });
    expect(parseStoredCoachSettings(null)).toEqual({ checks: {}, glossary: [] });
  });
});
