import { describe, expect, it } from 'vitest';
import { formatTargetMinutes, handOffNoteText, slaEscalationNote, targetLevel } from './escalation-rules.ts';

describe('targetLevel', () => {
  it('goes one level up by default, to a defined level', () => {
    expect(targetLevel(0, undefined, [1, 2])).toEqual({ kind: 'ok', toLevel: 1 });
    expect(targetLevel(1, undefined, [1, 2])).toEqual({ kind: 'ok', toLevel: 2 });
  });

  it('refuses the top, the same level, and an undefined level asked for by number', () => {
    expect(targetLevel(2, undefined, [1, 2])).toEqual({ kind: 'invalid', reason: 'top', toLevel: 3 });
    expect(targetLevel(0, undefined, [])).toEqual({ kind: 'invalid', reason: 'top', toLevel: 1 });
    expect(targetLevel(1, 1, [1, 2])).toEqual({ kind: 'invalid', reason: 'same_level', toLevel: 1 });
    expect(targetLevel(0, 5, [1, 2])).toEqual({ kind: 'not_found', toLevel: 5 });
  });

  it('allows de-escalation, to the first line too (level 0 always exists)', () => {
    expect(targetLevel(2, 1, [1, 2])).toEqual({ kind: 'ok', toLevel: 1 });
    expect(targetLevel(2, 0, [1, 2])).toEqual({ kind: 'ok', toLevel: 0 });
    // A ticket left above a list that was shortened can still come down.
    expect(targetLevel(3, 0, [1])).toEqual({ kind: 'ok', toLevel: 0 });
  });
});

describe('SLA hand-off note', () => {
  it('formats targets in days, hours and minutes', () => {
    expect(formatTargetMinutes(45)).toBe('45 min');
    expect(formatTargetMinutes(60)).toBe('1 h');
    expect(formatTargetMinutes(90)).toBe('1 h 30 min');
    expect(formatTargetMinutes(2880)).toBe('2 d');
    expect(formatTargetMinutes(1500)).toBe('25 h');
  });

  it("states the metric, target and breach time in the workspace's time zone", () => {
    const at = new Date('2025-03-12T13:05:00Z');
    expect(slaEscalationNote({ metric: 'first_reply', targetMinutes: 60, at, timeZone: 'Europe/Berlin', toLevel: 1, levelName: 'Tier 2' })).toBe(
      'First reply SLA of 1 h breached at 12 Mar 2025, 14:05 (Europe/Berlin). Escalated automatically to level 1 (Tier 2).',
    );
    expect(slaEscalationNote({ metric: 'resolution', targetMinutes: 480, at, timeZone: 'Not/AZone', toLevel: 2, levelName: 'Experts' })).toBe(
      'Resolution SLA of 8 h breached at 12 Mar 2025, 13:05 (UTC). Escalated automatically to level 2 (Experts).',
    );
  });

  it("says where a person's hand-off moved the ticket", () => {
    expect(handOffNoteText({ fromLevel: 0, toLevel: 1, levelName: 'Tier 2', note: 'Tried X.' })).toBe('Escalated to level 1 (Tier 2). Hand-off:\n\nTried X.');
    expect(handOffNoteText({ fromLevel: 2, toLevel: 0, levelName: null, note: 'Back.' })).toBe('De-escalated to the first line. Hand-off:\n\nBack.');
  });
});
