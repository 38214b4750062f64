import { describe, expect, it } from 'vitest';
import type { MyDiscretion, MyDiscretionItem } from '@rapport/contracts/resolutions';
import { ApiError } from '../../api/api-error.ts';
import { visibleAdminLinks } from '../admin/admin-paths.ts';
import { describeNotification, notificationPath } from '../teamwork/notification-text.ts';
import {
  dayStart,
  decisionProblem,
  emptyLedgerFilters,
  emptyLimitRow,
  fieldErrorsFromServer,
  formatMoney,
  ledgerCsvHref,
  ledgerQuery,
  limitErrorsFromServer,
  limitHint,
  limitRowProblems,
  limitsBodyFromRows,
  matchesSuggestion,
  needsApproval,
  resolutionBadge,
  type LimitRow,
} from './resolution-logic.ts';
import { badgeView, hintText } from './resolution-labels.ts';

function item(overrides: Partial<MyDiscretionItem> = {}): MyDiscretionItem {
  return {
    action: 'refund',
    currency: 'EUR',
    perAction: '50.00',
    perPeriod: null,
    period: null,
    periodStart: null,
    usedInPeriod: '0.00',
    remainingInPeriod: null,
    ...overrides,
  };
}

function discretion(items: MyDiscretionItem[], unlimited = false): MyDiscretion {
  return { role: unlimited ? 'admin' : 'agent', unlimited, items, currencies: ['EUR'] };
}

describe('limitHint', () => {
  const agent = discretion([item()]);

  it('says nothing for an empty amount and flags one that is not an amount above zero', () => {
    expect(limitHint(agent, { action: 'refund', amount: '', currency: 'EUR' })).toEqual({ kind: 'empty' });
    for (const amount of ['12.345', '1,50', 'abc', '-5', '0', '0.00']) {
      expect(limitHint(agent, { action: 'refund', amount, currency: 'EUR' }).kind, amount).toBe('invalid');
    }
    expect(limitHint(agent, { action: 'refund', amount: '10', currency: 'EU' }).kind).toBe('invalid');
  });

  it('compares decimals exactly: the limit itself is within, one cent more is above', () => {
    expect(limitHint(agent, { action: 'refund', amount: '50.00', currency: 'EUR' })).toEqual({ kind: 'within', remaining: null, period: null });
    expect(limitHint(agent, { action: 'refund', amount: '50', currency: 'eur' }).kind).toBe('within');
    expect(limitHint(agent, { action: 'refund', amount: '50.01', currency: 'EUR' })).toEqual({ kind: 'above_per_action', limit: '50.00' });
    // 0.1 + 0.2 style amounts: no float rounding lets 50.001-ish values through (two decimals only).
    expect(limitHint(discretion([item({ perAction: '0.30' })]), { action: 'refund', amount: '0.30', currency: 'EUR' }).kind).toBe('within');
  });

  it('asks for approval above what is left of the period, and tells what is left when within', () => {
    const monthly = discretion([item({ perPeriod: '200.00', period: 'month', usedInPeriod: '180.00', remainingInPeriod: '20.00' })]);
    expect(limitHint(monthly, { action: 'refund', amount: '20', currency: 'EUR' })).toEqual({ kind: 'within', remaining: '20.00', period: 'month' });
    expect(limitHint(monthly, { action: 'refund', amount: '20.01', currency: 'EUR' })).toEqual({ kind: 'above_period', remaining: '20.00', perPeriod: '200.00', period: 'month' });
  });

  it('needs approval with no row for the action or currency, unless unlimited (an admin without a row)', () => {
    expect(limitHint(agent, { action: 'discount', amount: '1', currency: 'EUR' })).toEqual({ kind: 'no_limit' });
    expect(limitHint(agent, { action: 'refund', amount: '1', currency: 'USD' })).toEqual({ kind: 'no_limit' });
    expect(limitHint(discretion([], true), { action: 'refund', amount: '99999', currency: 'USD' }).kind).toBe('within');
    // An admin with a row is held to it.
    expect(limitHint(discretion([item({ perAction: '100.00' })], true), { action: 'refund', amount: '100.50', currency: 'EUR' }).kind).toBe('above_per_action');
    expect(limitHint(discretion([item({ perAction: null })], true), { action: 'refund', amount: '100000', currency: 'EUR' }).kind).toBe('within');
  });

  it('reads as the sentence under the amount', () => {
    expect(hintText({ kind: 'within', remaining: null, period: null }, 'EUR')).toBe('Within your limit: given at once.');
    expect(hintText({ kind: 'above_per_action', limit: '50.00' }, 'EUR')).toBe('Above your limit of €50.00: a lead will be asked to approve.');
    expect(hintText({ kind: 'above_period', remaining: '20.00', perPeriod: '200.00', period: 'month' }, 'EUR')).toBe(
      'Above what is left of your monthly limit (€20.00 of €200.00): a lead will be asked to approve.',
    );
    expect(hintText({ kind: 'within', remaining: '20.00', period: 'week' }, 'USD')).toBe('Within your limit: given at once ($20.00 left of your weekly limit).');
    expect(hintText({ kind: 'no_limit' }, 'gbp')).toBe('You have no limit for this in GBP: a lead will be asked to approve.');
    expect(hintText({ kind: 'invalid' }, 'EUR')).toBeNull();
    expect(needsApproval({ kind: 'no_limit' })).toBe(true);
    expect(needsApproval({ kind: 'within', remaining: null, period: null })).toBe(false);
  });
});

describe('formatMoney', () => {
  it('formats the decimal string in its currency, exactly', () => {
    expect(formatMoney('50', 'EUR')).toBe('€50.00');
    expect(formatMoney('1234.5', 'usd')).toBe('$1,234.50');
    expect(formatMoney('999999999999.99', 'EUR')).toBe('€999,999,999,999.99');
    expect(formatMoney('500', 'JPY')).toBe('¥500');
  });

  it('falls back to the amount and code for a code Intl refuses', () => {
    expect(formatMoney('12.50', 'E1R')).toBe('12.50 E1R');
  });
});

describe('suggestions and badges', () => {
  const suggestion = { action: 'refund' as const, amount: '20.00', currency: 'EUR' };

  it('keeps the suggestion only while the form still holds it', () => {
    expect(matchesSuggestion(suggestion, { action: 'refund', amount: '20', currency: 'eur' })).toBe(true);
    expect(matchesSuggestion(suggestion, { action: 'refund', amount: '20.01', currency: 'EUR' })).toBe(false);
    expect(matchesSuggestion(suggestion, { action: 'store_credit', amount: '20.00', currency: 'EUR' })).toBe(false);
    expect(matchesSuggestion(null, { action: 'refund', amount: '20.00', currency: 'EUR' })).toBe(false);
  });

  it('tells who decided, and whether it was within your own limit', () => {
    const me = 'me';
    const base = { approver: null, decisionNote: null, requestedBy: { id: me, name: 'Ana' } };
    expect(badgeView(resolutionBadge({ ...base, status: 'approved', approval: 'within_limit' }, me)).text).toBe('Approved (within your limit)');
    expect(badgeView(resolutionBadge({ ...base, status: 'approved', approval: 'within_limit' }, 'someone else')).text).toBe('Approved (within the limit)');
    expect(badgeView(resolutionBadge({ ...base, status: 'pending', approval: null }, me))).toEqual({ text: 'Waiting for approval', tone: 'status-pending' });
    expect(badgeView(resolutionBadge({ ...base, status: 'approved', approval: 'approver', approver: { id: 'l', name: 'Lea Lead' } }, me)).text).toBe('Approved by Lea Lead');
    expect(badgeView(resolutionBadge({ ...base, status: 'rejected', approval: 'approver', approver: { id: 'l', name: 'Lea Lead' }, decisionNote: 'Too much' }, me)).text).toBe(
      'Rejected by Lea Lead: Too much',
    );
    expect(badgeView(resolutionBadge({ ...base, status: 'cancelled', approval: null }, me)).text).toBe('Cancelled');
  });
});

describe('errors from the API', () => {
  const validation = (issues: { path: string; message: string }[]) => new ApiError({ code: 'VALIDATION_FAILED', message: 'Invalid request.', status: 400, details: { issues } });

  it('names the stable decision codes', () => {
    expect(decisionProblem(new ApiError({ code: 'RESOLUTION_DECIDED', message: 'x', status: 409 }))).toBe('decided');
    expect(decisionProblem(new ApiError({ code: 'RESOLUTION_APPROVER_LIMIT', message: 'x', status: 403 }))).toBe('approver_limit');
    expect(decisionProblem(new ApiError({ code: 'RESOLUTION_SELF_APPROVAL', message: 'x', status: 403 }))).toBe('self_approval');
    expect(decisionProblem(validation([{ path: 'body.note', message: 'Say why it is rejected' }]))).toBe('note_required');
    expect(decisionProblem(new ApiError({ code: 'FORBIDDEN', message: 'x', status: 403 }))).toBe('other');
    expect(decisionProblem(new Error('boom'))).toBe('other');
  });

  it('maps body fields of a refused action to the form', () => {
    expect(fieldErrorsFromServer(validation([{ path: 'body.amount', message: 'Write an amount like 12.50' }, { path: 'body.amount', message: 'second' }, { path: 'body.reason', message: 'Say why' }]))).toEqual({
      amount: 'Write an amount like 12.50',
      reason: 'Say why',
    });
    expect(fieldErrorsFromServer(new ApiError({ code: 'RESOLUTION_NOT_ALLOWED', message: 'x', status: 422 }))).toEqual({});
  });

  it('maps a refused limits save to its rows and fields, and keeps set-wide messages apart', () => {
    const rows: LimitRow[] = [
      { ...emptyLimitRow(), key: 'a', perAction: '10' },
      { ...emptyLimitRow(), key: 'b', perAction: '10' },
    ];
    const { byRow, general } = limitErrorsFromServer(
      validation([
        { path: 'body.items.1.currency', message: 'Not a known ISO 4217 currency code' },
        { path: 'body', message: 'List each role, action and currency once' },
        { path: 'body.items.7.perAction', message: 'no such row' },
      ]),
      rows,
    );
    expect(byRow.get('b')).toEqual({ currency: 'Not a known ISO 4217 currency code' });
    expect(byRow.has('a')).toBe(false);
    expect(general).toEqual(['List each role, action and currency once', 'no such row']);
  });
});

describe('the discretion limits editor', () => {
  it('finds bad amounts and currencies and a role, action and currency listed twice', () => {
    const rows: LimitRow[] = [
      { key: 'a', role: 'agent', action: 'refund', currency: 'EUR', perAction: '50.00', perPeriod: '', period: 'month' },
      { key: 'b', role: 'agent', action: 'refund', currency: 'eur', perAction: '5,00', perPeriod: 'lots', period: 'month' },
      { key: 'c', role: 'lead', action: 'refund', currency: 'XXY', perAction: '500', perPeriod: '3000', period: 'week' },
    ];
    const problems = limitRowProblems(rows);
    expect(problems.has('a')).toBe(false);
    expect(problems.get('b')).toEqual(['perAction', 'perPeriod', 'duplicate']);
    expect(problems.get('c')).toEqual(['currency']);
  });

  it('sends the whole set with codes upper-cased and an empty period limit as null', () => {
    expect(
      limitsBodyFromRows([
        { key: 'a', role: 'agent', action: 'refund', currency: ' eur ', perAction: ' 50 ', perPeriod: '', period: 'month' },
        { key: 'b', role: 'lead', action: 'discount', currency: 'USD', perAction: '30.00', perPeriod: '150.00', period: 'week' },
      ]),
    ).toEqual({
      items: [
        { role: 'agent', action: 'refund', currency: 'EUR', perAction: '50', perPeriod: null, period: 'month' },
        { role: 'lead', action: 'discount', currency: 'USD', perAction: '30.00', perPeriod: '150.00', period: 'week' },
      ],
    });
  });

  it('is linked for admins who manage resolutions only', () => {
    expect(visibleAdminLinks(['resolution.manage']).map((link) => link.path)).toEqual(['/admin/discretion-limits']);
    expect(visibleAdminLinks(['resolution.act', 'resolution.approve'])).toEqual([]);
  });
});

describe('the ledger query and CSV link', () => {
  it('drops empty filters and links the CSV export without them', () => {
    expect(ledgerQuery(emptyLedgerFilters)).toEqual({ status: undefined, action: undefined, currency: undefined, requestedById: undefined, from: undefined, to: undefined });
    expect(ledgerCsvHref(emptyLedgerFilters)).toBe('/api/v1/resolution-ledger.csv');
  });

  it('sends the chosen days as instants, the last day included, and ignores a half-typed currency', () => {
    const filters = { ...emptyLedgerFilters, status: 'approved' as const, action: 'refund' as const, currency: 'eur', from: '2026-03-01', to: '2026-03-31' };
    const query = ledgerQuery(filters);
    expect(query['from']).toBe(new Date(2026, 2, 1).toISOString());
    expect(query['to']).toBe(new Date(2026, 3, 1).toISOString());
    expect(query['currency']).toBe('EUR');
    const href = new URL(ledgerCsvHref(filters), 'http://rapport.test');
    expect(href.pathname).toBe('/api/v1/resolution-ledger.csv');
    expect(Object.fromEntries(href.searchParams)).toEqual({ status: 'approved', action: 'refund', currency: 'EUR', from: query['from'], to: query['to'] });
    expect(ledgerQuery({ ...emptyLedgerFilters, currency: 'EU' })['currency']).toBeUndefined();
  });

  it('reads only real calendar days', () => {
    expect(dayStart('2026-02-30')).toBeNull();
    expect(dayStart('2026-12-31', 1, undefined)).toBe(new Date(2027, 0, 1).toISOString());
    // In the agent's chosen zone, not the browser's: Tokyo's day starts at 15:00 UTC the day before.
    expect(dayStart('2026-03-01', 0, 'Asia/Tokyo')).toBe('2026-02-28T15:00:00.000Z');
    // New York springs forward on 8 March 2026: that day starts at 05:00 UTC, the next at 04:00 UTC.
    expect(dayStart('2026-03-08', 0, 'America/New_York')).toBe('2026-03-08T05:00:00.000Z');
    expect(dayStart('2026-03-08', 1, 'America/New_York')).toBe('2026-03-09T04:00:00.000Z');
    expect(dayStart('2026-02-30', 0, 'Asia/Tokyo')).toBeNull();
    expect(dayStart('yesterday')).toBeNull();
    expect(dayStart('')).toBeNull();
  });
});

describe('approval notifications', () => {
  it('reads a request and a decision with the amount, and opens approvals or the ticket', () => {
    const requested = { kind: 'approval_requested', ticketId: 't1', data: { number: 12, actorName: 'Ana Agent', action: 'refund', amount: '120.00', currency: 'EUR' } };
    expect(describeNotification(requested).title).toBe('Ana Agent asks to approve a €120.00 refund on #12');
    expect(notificationPath(requested)).toBe('/approvals');
    const decided = { kind: 'approval_decided', ticketId: 't1', data: { number: 12, action: 'refund', amount: '120.00', currency: 'EUR', decision: 'approved' } };
    expect(describeNotification(decided).title).toBe('Your €120.00 refund on #12 was approved');
    expect(describeNotification({ ...decided, data: { ...decided.data, decision: 'rejected' } }).title).toBe('Your €120.00 refund on #12 was rejected');
    expect(notificationPath(decided)).toBe('/tickets/12');
  });

  it('still reads without the amount or a known action', () => {
    expect(describeNotification({ kind: 'approval_requested', data: { number: 3, action: 'constructor' } }).title).toBe('Someone asks to approve a resolution action on #3');
  });
});
