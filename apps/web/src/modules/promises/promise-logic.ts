/**
 * The pure rules of the promises UI (unit-tested): a promise's state as shown (an open promise
 * past due reads "overdue"), the due-time field in the agent's time zone, and the checks of the
 * edit and drop forms (the same the server makes, so the agent hears them before sending).
 */
import type { PromiseDto, UpdatePromiseBody } from '@rapport/contracts/promises';
import type { MessageKey } from '../../i18n/i18n.ts';

export type PromiseState = 'open' | 'overdue' | 'kept' | 'broken' | 'dropped';

export function promiseState(promise: Pick<PromiseDto, 'status' | 'dueAt'>, now: number): PromiseState {
  if (promise.status !== 'open') return promise.status;
  return new Date(promise.dueAt).getTime() < now ? 'overdue' : 'open';
}

export const stateKeys: Record<PromiseState, MessageKey> = {
  open: 'promises.state.open',
  overdue: 'promises.state.overdue',
  kept: 'promises.state.kept',
  broken: 'promises.state.broken',
  dropped: 'promises.state.dropped',
};

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function wallClockOf(instant: number, timeZone: string | undefined): WallClock {
  const key = timeZone ?? '';
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { ...(timeZone ? { timeZone } : {}), hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    formatters.set(key, format);
  }
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(new Date(instant))) parts[part.type] = part.value;
  return { year: Number(parts['year']), month: Number(parts['month']), day: Number(parts['day']), hour: Number(parts['hour']) % 24, minute: Number(parts['minute']) };
}

const pad = (value: number, length = 2) => String(value).padStart(length, '0');

/** An instant as the value of an `<input type="datetime-local">` in the zone ("2026-06-11T10:00"). */
export function toZonedInputValue(iso: string, timeZone: string | undefined): string {
  const wall = wallClockOf(new Date(iso).getTime(), timeZone);
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}`;
}

/** A datetime-local value read in the zone, as an ISO instant; null when it is not a date and time. */
export function fromZonedInputValue(value: string, timeZone: string | undefined): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(value.trim());
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const wanted = Date.UTC(year, month - 1, day, hour, minute);
  if (Number.isNaN(wanted) || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  // Two passes settle the zone's offset (also across a DST change).
  let guess = wanted;
  for (let pass = 0; pass < 2; pass += 1) {
    const wall = wallClockOf(guess, timeZone);
    guess += wanted - Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  }
  return new Date(guess).toISOString();
}

export const minReasonLength = 3;

export interface EditForm {
  text: string;
  due: string;
  reason: string;
}

export interface FormResult {
  errors: Partial<Record<keyof EditForm, MessageKey>>;
  body: UpdatePromiseBody | null;
}

/** An edit sends only what changed, with the reason; nothing changed is an error, not a silent save. */
export function checkEdit(form: EditForm, promise: Pick<PromiseDto, 'text' | 'dueAt'>, timeZone: string | undefined, now: number): FormResult {
  const errors: FormResult['errors'] = {};
  const text = form.text.trim();
  const dueAt = fromZonedInputValue(form.due, timeZone);
  if (!text) errors.text = 'promises.error.text';
  if (!dueAt) errors.due = 'promises.error.due';
  const dueChanged = dueAt !== null && form.due !== toZonedInputValue(promise.dueAt, timeZone);
  if (dueChanged && new Date(dueAt).getTime() <= now) errors.due = 'promises.error.duePast';
  const textChanged = text !== '' && text !== promise.text;
  if (form.reason.trim().length < minReasonLength) errors.reason = 'promises.error.reason';
  if (!errors.text && !errors.due && !textChanged && !dueChanged) errors.text = 'promises.error.nothing';
  if (Object.keys(errors).length > 0) return { errors, body: null };
  return { errors, body: { ...(textChanged ? { text } : {}), ...(dueChanged && dueAt ? { dueAt } : {}), reason: form.reason.trim() } };
}

export function checkDrop(reason: string): FormResult {
  if (reason.trim().length < minReasonLength) return { errors: { reason: 'promises.error.reason' }, body: null };
  return { errors: {}, body: { status: 'dropped', reason: reason.trim() } };
}
