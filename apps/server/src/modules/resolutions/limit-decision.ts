/**
 * Discretion limits as pure decimal arithmetic (P3, P29): whether an action is within the
 * requester's limit, and what is left of a period's allowance. Amounts are decimal strings and are
 * computed with big.js, never with floats ("0.10" + "0.20" is exactly "0.30").
 */
import Big from 'big.js';
import type { ApprovalReason } from '@rapport/contracts/resolutions';

export interface LimitTerms {
  perAction: string;
  /** null = no period limit. */
  perPeriod: string | null;
}

export interface LimitCheck {
  amount: string;
  /** The requester's role's row for this action and currency; null = none. */
  limit: LimitTerms | null;
  /** An admin without a row: no approval needed. */
  unlimited: boolean;
  /** The requester's approved actions of this kind and currency in the current period. */
  usedInPeriod: string;
}

export type LimitDecision = { withinLimit: true } | { withinLimit: false; reason: ApprovalReason };

/** Within the per-action limit AND within what is left of the period: approved at once; else the first limit it is above. */
export function decideWithinLimit(check: LimitCheck): LimitDecision {
  const amount = new Big(check.amount);
  if (!check.limit) return check.unlimited ? { withinLimit: true } : { withinLimit: false, reason: 'no_limit' };
  if (amount.gt(check.limit.perAction)) return { withinLimit: false, reason: 'above_per_action' };
  if (check.limit.perPeriod !== null && new Big(check.usedInPeriod).plus(amount).gt(check.limit.perPeriod)) return { withinLimit: false, reason: 'above_period' };
  return { withinLimit: true };
}

/** What is left of a period allowance (never below zero), or null without a period limit. */
export function remainingInPeriod(perPeriod: string | null, usedInPeriod: string): string | null {
  if (perPeriod === null) return null;
  const left = new Big(perPeriod).minus(usedInPeriod);
  return formatMoney(left.lt(0) ? new Big(0) : left);
}

/** Two decimals, as the API writes amounts ("12.50"). */
export function formatMoney(value: Big | string | number): string {
  return new Big(value).toFixed(2);
}

/** Whether an amount is above zero (the API takes no zero or negative actions). */
export function isPositive(amount: string): boolean {
  return new Big(amount).gt(0);
}

/** Whether `amount` is at most `limit` (a null limit is no limit). */
export function fitsWithin(amount: string, limit: string | null): boolean {
  return limit === null || new Big(amount).lte(limit);
}
