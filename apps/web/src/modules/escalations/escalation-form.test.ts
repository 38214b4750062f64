import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/api-error.ts';
import { bodyFromRows, emptyLevelRow, isHandOffTooShort, levelChoices, levelRowErrors, moveRow, noteErrorFromServer, rowsFromLevels } from './escalation-form.ts';

const team = { id: '00000000-0000-4000-8000-000000000001', name: 'Billing' };
const expert = { id: '00000000-0000-4000-8000-000000000002', name: 'Ada' };

describe('levels form', () => {
  it('round-trips levels and sends empty selects as null', () => {
    const rows = rowsFromLevels([
      { id: 'a', level: 1, name: 'Tier 2', team, expert: null, onSlaBreach: true },
      { id: 'b', level: 2, name: 'Expert', team: null, expert, onSlaBreach: false },
    ]);
    expect(rows.map((row) => [row.key, row.teamId, row.expertId])).toEqual([
      ['a', team.id, ''],
      ['b', '', expert.id],
    ]);
    expect(bodyFromRows([...rows, { ...emptyLevelRow(), name: '  Last  ', teamId: team.id }])).toEqual({
      levels: [
        { name: 'Tier 2', teamId: team.id, expertId: null, onSlaBreach: true },
        { name: 'Expert', teamId: null, expertId: expert.id, onSlaBreach: false },
        { name: 'Last', teamId: team.id, expertId: null, onSlaBreach: false },
      ],
    });
  });

  it('needs a name and a team or an expert per level', () => {
    const blank = emptyLevelRow();
    const named = { ...emptyLevelRow(), name: 'Named' };
    const fine = { ...emptyLevelRow(), name: 'Fine', expertId: expert.id };
    const errors = levelRowErrors([blank, named, fine]);
    expect(errors.get(blank.key)).toEqual(['name', 'target']);
    expect(errors.get(named.key)).toEqual(['target']);
    expect(errors.has(fine.key)).toBe(false);
  });

  it('moves rows within bounds', () => {
    expect(moveRow(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveRow(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveRow(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
  });
});

describe('escalate dialog', () => {
  const levels = [
    { level: 1, name: 'Tier 2' },
    { level: 2, name: 'Expert' },
  ];

  it('offers the other levels and the first line when escalated, defaulting to the next one up', () => {
    expect(levelChoices(0, levels)).toEqual({
      choices: [
        { level: 1, name: 'Tier 2', direction: 'up' },
        { level: 2, name: 'Expert', direction: 'up' },
      ],
      initial: 1,
    });
    const top = levelChoices(2, levels);
    expect(top.choices.map((choice) => [choice.level, choice.direction])).toEqual([
      [0, 'down'],
      [1, 'down'],
    ]);
    expect(top.initial).toBe(1);
    expect(levelChoices(0, [])).toEqual({ choices: [], initial: null });
  });

  it('wants a hand-off of at least 20 characters, not counting spaces around it', () => {
    expect(isHandOffTooShort('   Please help me.   ')).toBe(true);
    expect(isHandOffTooShort('Tried a reset; needs billing.')).toBe(false);
  });

  it("shows the server's words about the note on the note", () => {
    const error = new ApiError({ code: 'VALIDATION_FAILED', message: 'Invalid', status: 400, details: { issues: [{ path: 'body.note', message: 'Too short' }] } });
    expect(noteErrorFromServer(error)).toBe('Too short');
    expect(noteErrorFromServer(new ApiError({ code: 'ESCALATION_INVALID', message: 'Top', status: 422 }))).toBeNull();
  });
});
