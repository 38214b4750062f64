import { describe, expect, it } from 'vitest';
import { daysText, waitingSettingsBody } from './waiting-form.ts';

describe('waiting settings form', () => {
  it('turns the fields into a body: empty is never', () => {
    expect(waitingSettingsBody({ reminder: '3', close: ' 7 ' })).toEqual({ body: { pendingReminderDays: 3, pendingCloseDays: 7 }, errors: null });
    expect(waitingSettingsBody({ reminder: '', close: '' })).toEqual({ body: { pendingReminderDays: null, pendingCloseDays: null }, errors: null });
    expect(daysText(null)).toBe('');
    expect(daysText(4)).toBe('4');
  });

  it('refuses numbers out of range and a close not after the reminder', () => {
    expect(waitingSettingsBody({ reminder: '0', close: '61' }).errors).toEqual({ reminder: 'range', close: 'range' });
    expect(waitingSettingsBody({ reminder: '2.5', close: '' }).errors).toEqual({ reminder: 'range' });
    expect(waitingSettingsBody({ reminder: '5', close: '5' }).errors).toEqual({ close: 'order' });
  });
});
