/**
 * Pure rules of the resolution screens (issue 7 part 7; P3, P29): what the agent's limit says about
 * an amount as they type it, money for display, the ledger's query and CSV link, and the discretion
 * limits editor's rows. Amounts stay decimal strings compared with big.js, never floats.
 */
import Big from 'big.js';
import {
  Currency,
  Money,
  type DiscretionLimitDto,
  type LimitPeriod,
  type LimitRole,
  type MyDiscretion,
  type PutDiscretionLimitsBody,
  type ResolutionAction,
  type ResolutionActionDto,
  type ResolutionStatus,
} from '@rapport/contracts/resolutions';
import { isApiError } from '../../api/api-error.ts';
import { buildQueryString, type QueryParams } from '../../api/client.ts';
import { getDisplayTimeZone, startOfDay } from '../../lib/relative-time.ts';

export { formatMoney } from './money.ts';

// ---- The limit hint -------------------------------------------------------------------------

/** What giving `amount` would do, by the same rules the server applies (it decides; this only tells). */
export type LimitHint =
  | { kind: 'empty' }
  | { kind: 'invalid' }
  | { kind: 'within'; remaining: string | null; period: LimitPeriod | null }
  | { kind: 'above_per_action'; limit: string }
  | { kind: 'above_period'; remaining: string; perPeriod: string; period: LimitPeriod }
  | { kind: 'no_limit' };

export function isMoney(value: string): boolean {
  return Money.safeParse(value).success;
}

/** An amount the API takes for an action: a decimal above zero. */
export function isPositiveMoney(value: string): boolean {
  return isMoney(value) && new Big(value.trim()).gt(0);
}

export function isCurrency(value: string): boolean {
  return Currency.safeParse(value).success;
}

export function limitHint(discretion: MyDiscretion, input: { action: ResolutionAction; amount: string; currency: string }): LimitHint {
  const amount = input.amount.trim();
  if (amount === '') return { kind: 'empty' };
  if (!isPositiveMoney(amount) || !isCurrency(input.currency)) return { kind: 'invalid' };
  const currency = input.currency.trim().toUpperCase();
  const item = discretion.items.find((entry) => entry.action === input.action && entry.currency.toUpperCase() === currency);
  if (!item) return discretion.unlimited ? { kind: 'within', remaining: null, period: null } : { kind: 'no_limit' };
  const value = new Big(amount);
  if (item.perAction !== null && value.gt(item.perAction)) return { kind: 'above_per_action', limit: item.perAction };
  if (item.remainingInPeriod !== null && item.perPeriod !== null && value.gt(item.remainingInPeriod)) {
    return { kind: 'above_period', remaining: item.remainingInPeriod, perPeriod: item.perPeriod, period: item.period ?? 'month' };
  }
  return { kind: 'within', remaining: item.remainingInPeriod, period: item.remainingInPeriod === null ? null : item.period };
}

export function needsApproval(hint: LimitHint): boolean {
  return hint.kind === 'above_per_action' || hint.kind === 'above_period' || hint.kind === 'no_limit';
}

// ---- Proposals and decisions ----------------------------------------------------------------

/** The stable error codes of a decision, each with its own words on the approvals screen. */
export type DecisionProblem = 'decided' | 'approver_limit' | 'self_approval' | 'note_required' | 'other';

export function decisionProblem(error: unknown): DecisionProblem {
  if (!isApiError(error)) return 'other';
  switch (error.code) {
    case 'RESOLUTION_DECIDED':
      return 'decided';
    case 'RESOLUTION_APPROVER_LIMIT':
      return 'approver_limit';
    case 'RESOLUTION_SELF_APPROVAL':
      return 'self_approval';
    case 'VALIDATION_FAILED':
      return validationIssues(error.details).some((issue) => issue.path === 'body.note') ? 'note_required' : 'other';
    default:
      return 'other';
  }
}

/** Whether the agent's form still holds the suggestion exactly as shown (then it goes to the ledger with it). */
export function matchesSuggestion(
  suggestion: { action: ResolutionAction; amount: string; currency: string } | null,
  form: { action: ResolutionAction; amount: string; currency: string },
): boolean {
  if (!suggestion) return false;
  if (suggestion.action !== form.action || suggestion.currency.toUpperCase() !== form.currency.trim().toUpperCase()) return false;
  return isMoney(form.amount) && new Big(form.amount.trim()).eq(suggestion.amount);
}

export type ResolutionBadge =
  | { kind: 'approved_within'; mine: boolean }
  | { kind: 'approved_by'; name: string | null }
  | { kind: 'pending' }
  | { kind: 'rejected'; name: string | null; note: string }
  | { kind: 'cancelled' };

/** How an action's state reads in the ticket panel. */
export function resolutionBadge(action: Pick<ResolutionActionDto, 'status' | 'approval' | 'approver' | 'decisionNote' | 'requestedBy'>, myUserId: string): ResolutionBadge {
  switch (action.status) {
    case 'pending':
      return { kind: 'pending' };
    case 'cancelled':
      return { kind: 'cancelled' };
    case 'rejected':
      return { kind: 'rejected', name: action.approver?.name ?? null, note: action.decisionNote ?? '' };
    case 'approved':
      return action.approval === 'approver' ? { kind: 'approved_by', name: action.approver?.name ?? null } : { kind: 'approved_within', mine: action.requestedBy?.id === myUserId };
  }
}

// ---- Server validation details --------------------------------------------------------------

export interface ValidationIssue {
  path: string;
  message: string;
}

/** The issues of a VALIDATION_FAILED answer (`details.issues`), whatever else the details hold. */
export function validationIssues(details: unknown): ValidationIssue[] {
  const issues = details && typeof details === 'object' ? (details as { issues?: unknown }).issues : undefined;
  if (!Array.isArray(issues)) return [];
  return issues.flatMap((issue: unknown) => {
    if (!issue || typeof issue !== 'object') return [];
    const { path, message } = issue as { path?: unknown; message?: unknown };
    return typeof path === 'string' && typeof message === 'string' ? [{ path, message }] : [];
  });
}

/** The server's message for each field of the body (`body.amount` → amount), first one wins. */
export function fieldErrorsFromServer(error: unknown): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!isApiError(error) || error.code !== 'VALIDATION_FAILED') return errors;
  for (const issue of validationIssues(error.details)) {
    const field = issue.path.startsWith('body.') ? issue.path.slice('body.'.length) : null;
    if (field && !(field in errors)) errors[field] = issue.message;
  }
  return errors;
}

// ---- The ledger -----------------------------------------------------------------------------

export interface LedgerFilters {
  status: ResolutionStatus | '';
  action: ResolutionAction | '';
  currency: string;
  requestedById: string;
  /** Calendar days (YYYY-MM-DD) from a date input; '' = open. Both days are included. */
  from: string;
  to: string;
}

export const emptyLedgerFilters: LedgerFilters = { status: '', action: '', currency: '', requestedById: '', from: '', to: '' };

/**
 * Midnight at the start of a YYYY-MM-DD day in the zone the agent's dates are shown in (My
 * preferences; the browser's zone when none is set), as an ISO instant; null if not a day.
 */
export function dayStart(day: string, addDays = 0, timeZone: string | undefined = getDisplayTimeZone()): string | null {
  return startOfDay(day, timeZone, addDays);
}

/** The API query of the filters: `to` is the day after the last chosen day ("created before"). */
export function ledgerQuery(filters: LedgerFilters): QueryParams {
  const currency = filters.currency.trim().toUpperCase();
  return {
    status: filters.status || undefined,
    action: filters.action || undefined,
    currency: /^[A-Z]{3}$/.test(currency) ? currency : undefined,
    requestedById: filters.requestedById || undefined,
    from: dayStart(filters.from) ?? undefined,
    to: dayStart(filters.to, 1) ?? undefined,
  };
}

/** The CSV export of the same filters (a plain link: the browser downloads it with the session cookie). */
export function ledgerCsvHref(filters: LedgerFilters, base = '/api/v1'): string {
  return `${base}/resolution-ledger.csv${buildQueryString(ledgerQuery(filters))}`;
}

// ---- The discretion limits editor -----------------------------------------------------------

export interface LimitRow {
  /** A stable React key (the limit's id, or a new one). */
  key: string;
  role: LimitRole;
  action: ResolutionAction;
  currency: string;
  perAction: string;
  /** '' = no period limit. */
  perPeriod: string;
  period: LimitPeriod;
}

export type LimitField = 'role' | 'action' | 'currency' | 'perAction' | 'perPeriod' | 'period';
export type LimitRowProblem = 'currency' | 'perAction' | 'perPeriod' | 'duplicate';

let newRows = 0;
export function emptyLimitRow(currency = 'EUR'): LimitRow {
  newRows += 1;
  return { key: `new-${newRows}`, role: 'agent', action: 'refund', currency, perAction: '', perPeriod: '', period: 'month' };
}

export function rowsFromLimits(limits: readonly DiscretionLimitDto[]): LimitRow[] {
  return limits.map((limit) => ({
    key: limit.id,
    role: limit.role,
    action: limit.action,
    currency: limit.currency,
    perAction: limit.perAction,
    perPeriod: limit.perPeriod ?? '',
    period: limit.period,
  }));
}

/** Per row, what would be refused: a bad currency or amount, or the same role, action and currency twice. */
export function limitRowProblems(rows: readonly LimitRow[]): Map<string, LimitRowProblem[]> {
  const problems = new Map<string, LimitRowProblem[]>();
  const seen = new Set<string>();
  for (const row of rows) {
    const found: LimitRowProblem[] = [];
    if (!isCurrency(row.currency)) found.push('currency');
    if (!isMoney(row.perAction)) found.push('perAction');
    if (row.perPeriod.trim() !== '' && !isMoney(row.perPeriod)) found.push('perPeriod');
    const identity = `${row.role}|${row.action}|${row.currency.trim().toUpperCase()}`;
    if (seen.has(identity)) found.push('duplicate');
    seen.add(identity);
    if (found.length > 0) problems.set(row.key, found);
  }
  return problems;
}

export function limitsBodyFromRows(rows: readonly LimitRow[]): PutDiscretionLimitsBody {
  return {
    items: rows.map((row) => ({
      role: row.role,
      action: row.action,
      currency: row.currency.trim().toUpperCase(),
      perAction: row.perAction.trim(),
      perPeriod: row.perPeriod.trim() === '' ? null : row.perPeriod.trim(),
      period: row.period,
    })),
  };
}

/**
 * The server's field messages of a refused save, by row key and field (`body.items.2.perAction`),
 * and the messages about the set as a whole (such as a duplicate row).
 */
export function limitErrorsFromServer(error: unknown, rows: readonly LimitRow[]): { byRow: Map<string, Partial<Record<LimitField, string>>>; general: string[] } {
  const byRow = new Map<string, Partial<Record<LimitField, string>>>();
  const general: string[] = [];
  if (!isApiError(error) || error.code !== 'VALIDATION_FAILED') return { byRow, general };
  for (const issue of validationIssues(error.details)) {
    const match = /^body\.items\.(\d+)\.(\w+)/.exec(issue.path);
    const row = match ? rows[Number(match[1])] : undefined;
    const field = match?.[2] as LimitField | undefined;
    if (!row || !field || !['role', 'action', 'currency', 'perAction', 'perPeriod', 'period'].includes(field)) {
      general.push(issue.message);
      continue;
    }
    const fields = byRow.get(row.key) ?? {};
    fields[field] ??= issue.message;
    byRow.set(row.key, fields);
  }
  return { byRow, general };
}
