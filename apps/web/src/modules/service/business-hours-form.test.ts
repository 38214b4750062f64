import { describe, expect, it } from 'vitest';
import {
  addInterval,
  bodyFromForm,
  businessHoursErrors,
  changeInterval,
  emptyWeek,
  formFromBusinessHours,
  hasErrors,
  presets,
  removeInterval,
  weeklyOpenHours,
  type BusinessHoursForm,
} from './business-hours-form.ts';

const form = (changes: Partial<BusinessHoursForm> = {}): BusinessHoursForm => ({ week: presets.weekdays(), holidays: [], ...changes });

describe('business hours form', () => {
  it('reads the server hours per day, with 24:00 shown as 00:00, and writes them back', () => {
    const hours = {
      weekly: [
        { day: 1, start: '13:00', end: '17:00' },
        { day: 1, start: '09:00', end: '12:00' },
        { day: 6, start: '10:00', end: '24:00' },
      ],
      holidays: [{ date: '2026-12-25', name: 'Christmas' }],
    };
    const draft = formFromBusinessHours(hours);
    expect(draft.week[1]).toEqual([
      { start: '09:00', end: '12:00' },
      { start: '13:00', end: '17:00' },
    ]);
    expect(draft.week[6]).toEqual([{ start: '10:00', end: '00:00' }]);
    expect(bodyFromForm(draft)).toEqual({
      weekly: [
        { day: 1, start: '09:00', end: '12:00' },
        { day: 1, start: '13:00', end: '17:00' },
        { day: 6, start: '10:00', end: '24:00' },
      ],
      holidays: [{ date: '2026-12-25', name: 'Christmas' }],
    });
  });

  it('has presets for office hours and around the clock', () => {
    expect(weeklyOpenHours(presets.weekdays())).toBe(40);
    expect(weeklyOpenHours(presets.aroundTheClock())).toBe(168);
    expect(bodyFromForm(form({ week: presets.aroundTheClock() })).weekly).toHaveLength(7);
    expect(bodyFromForm(form({ week: presets.aroundTheClock() })).weekly[0]).toEqual({ day: 1, start: '00:00', end: '24:00' });
  });

  it('adds an interval after the last one (a lunch break), or office hours on a closed day', () => {
    let week = addInterval(emptyWeek(), 6);
    expect(week[6]).toEqual([{ start: '09:00', end: '17:00' }]);
    week = changeInterval(week, 6, 0, { end: '12:00' });
    week = addInterval(week, 6);
    expect(week[6]).toEqual([
      { start: '09:00', end: '12:00' },
      { start: '13:00', end: '14:00' },
    ]);
    week = removeInterval(week, 6, 0);
    expect(week[6]).toEqual([{ start: '13:00', end: '14:00' }]);
    // No room after 23:00: blank times for the admin to fill in.
    expect(addInterval({ ...emptyWeek(), 2: [{ start: '20:00', end: '23:00' }] }, 2)[2][1]).toEqual({ start: '', end: '' });
  });

  it('flags blank times, intervals ending before they start, and overlaps', () => {
    const week = { ...emptyWeek(), 1: [{ start: '', end: '12:00' }], 2: [{ start: '10:00', end: '' }], 3: [{ start: '14:00', end: '09:00' }], 4: [{ start: '09:00', end: '13:00' }, { start: '12:00', end: '17:00' }], 5: [{ start: '22:00', end: '00:00' }] };
    const errors = businessHoursErrors(form({ week }));
    expect(Object.fromEntries(errors.intervals)).toEqual({ '1:0': 'startInvalid', '2:0': 'endInvalid', '3:0': 'endBeforeStart', '4:1': 'overlap' });
    expect(errors.noHours).toBe(false);
  });

  it('asks for at least one open interval, and for dated, named, distinct holidays', () => {
    const errors = businessHoursErrors({
      week: emptyWeek(),
      holidays: [
        { date: '2026-12-25', name: 'Christmas' },
        { date: '2026-12-25', name: 'Again' },
        { date: '', name: 'No date' },
        { date: '2026-02-30', name: 'Not a day' },
        { date: '2026-12-26', name: ' ' },
      ],
    });
    expect(errors.noHours).toBe(true);
    expect(Object.fromEntries(errors.holidays)).toEqual({ 1: 'dateRepeated', 2: 'dateInvalid', 3: 'dateInvalid', 4: 'nameMissing' });
    expect(hasErrors(businessHoursErrors(form()))).toBe(false);
  });

  it('sends holidays sorted by date with trimmed names', () => {
    const body = bodyFromForm(form({ holidays: [{ date: '2026-12-26', name: ' Boxing Day ' }, { date: '2026-01-01', name: 'New Year' }] }));
    expect(body.holidays).toEqual([
      { date: '2026-01-01', name: 'New Year' },
      { date: '2026-12-26', name: 'Boxing Day' },
    ]);
  });
});
