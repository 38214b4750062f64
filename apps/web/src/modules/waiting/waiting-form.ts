/** Pure helpers of the waiting settings form: text fields in, an API body or the field errors out. */
import type { UpdateServiceSettingsBody } from '@rapport/contracts/waiting';

export type DaysError = 'range' | 'order';

function parseDays(text: string): number | null | 'invalid' {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (!/^\d+$/.test(trimmed)) return 'invalid';
  const value = Number(trimmed);
  return value >= 1 && value <= 60 ? value : 'invalid';
}

export function waitingSettingsBody(form: { reminder: string; close: string }): { body: UpdateServiceSettingsBody; errors: null } | { body: null; errors: { reminder?: DaysError; close?: DaysError } } {
  const reminder = parseDays(form.reminder);
  const close = parseDays(form.close);
  const errors: { reminder?: DaysError; close?: DaysError } = {};
  if (reminder === 'invalid') errors.reminder = 'range';
  if (close === 'invalid') errors.close = 'range';
  if (reminder !== 'invalid' && close !== 'invalid' && reminder !== null && close !== null && close <= reminder) errors.close = 'order';
  if (errors.reminder || errors.close || reminder === 'invalid' || close === 'invalid') return { body: null, errors };
  return { body: { pendingReminderDays: reminder, pendingCloseDays: close }, errors: null };
}

export const daysText = (value: number | null) => (value === null ? '' : String(value));
