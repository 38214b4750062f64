import { describe, expect, it } from 'vitest';
import { MyPreferencesBody, TimeZone, UpdateWorkspaceBody, WorkspaceCoachSettings, isSupportedTimeZone, supportedTimeZones } from '../../packages/contracts/src/workspace.ts';

describe('time zone validation', () => {
  it('accepts IANA zones this runtime knows, plus UTC', () => {
    expect(supportedTimeZones()).toContain('UTC');
    for (const zone of ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Pacific/Auckland']) expect(isSupportedTimeZone(zone)).toBe(true);
    expect(TimeZone.safeParse('Europe/Berlin').success).toBe(true);
  });

  it('refuses unknown zones, offsets and wrong case', () => {
    for (const zone of ['Mars/Olympus_Mons', '+02:00', 'europe/berlin', '', 'CEST']) expect(TimeZone.safeParse(zone).success).toBe(false);
    expect(UpdateWorkspaceBody.safeParse({ timeZone: 'Nowhere/Land' }).success).toBe(false);
  });

  it('lets a person clear their own zone with null, but not omit it', () => {
    expect(MyPreferencesBody.safeParse({ timeZone: null }).success).toBe(true);
    expect(MyPreferencesBody.safeParse({}).success).toBe(false);
  });
});

describe('workspace coach settings', () => {
  it('fills defaults and accepts known checks with a level', () => {
    expect(WorkspaceCoachSettings.parse({})).toEqual({ checks: {}, glossary: [] });
    expect(WorkspaceCoachSettings.parse({ checks: { jargon: 'warn', dismissive: 'off' } }).checks).toEqual({ jargon: 'warn', dismissive: 'off' });
  });

  it('refuses unknown checks, unknown levels, repeated terms and unknown fields', () => {
    expect(WorkspaceCoachSettings.safeParse({ checks: { shouting: 'off' } }).success).toBe(false);
    expect(WorkspaceCoachSettings.safeParse({ checks: { jargon: 'loud' } }).success).toBe(false);
    expect(WorkspaceCoachSettings.safeParse({ glossary: [{ term: 'RMA', plain: 'a' }, { term: 'rma', plain: 'b' }] }).success).toBe(false);
    expect(WorkspaceCoachSettings.safeParse({ checks: {}, glossary: [], extra: true }).success).toBe(false);
  });
});
