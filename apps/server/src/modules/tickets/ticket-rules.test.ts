import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/keyset-cursor.ts';
import { nextStatus } from './ticket-status.ts';
import { applyCustomFields } from './validate-custom-fields.ts';

const now = new Date('2026-05-01T12:00:00Z');

describe('nextStatus (P6: solved means solved)', () => {
  it('stamps solvedAt and a default outcome when solving', () => {
    expect(nextStatus({ status: 'open', solvedAt: null, outcome: null }, { status: 'solved' }, now)).toEqual({ status: 'solved', solvedAt: now, outcome: 'solved' });
  });
  it('keeps the outcome the agent chose', () => {
    expect(nextStatus({ status: 'open', solvedAt: null, outcome: null }, { status: 'solved', outcome: 'could_not_solve' }, now).outcome).toBe('could_not_solve');
  });
  it('clears solvedAt and outcome when reopened', () => {
    expect(nextStatus({ status: 'solved', solvedAt: now, outcome: 'workaround' }, { status: 'open' }, now)).toEqual({ status: 'open', solvedAt: null, outcome: null });
  });
  it('keeps the first solve time when closing a solved ticket', () => {
    const earlier = new Date('2026-04-01T00:00:00Z');
    expect(nextStatus({ status: 'solved', solvedAt: earlier, outcome: 'solved' }, { status: 'closed' }, now).solvedAt).toBe(earlier);
  });
});

describe('custom fields', () => {
  const definitions = [
    { key: 'order_number', type: 'text' as const, options: [] },
    { key: 'refund_amount', type: 'number' as const, options: [] },
    { key: 'gift', type: 'boolean' as const, options: [] },
    { key: 'delivery', type: 'date' as const, options: [] },
    { key: 'carrier', type: 'select' as const, options: ['DHL', 'UPS'] },
  ];
  it('merges valid values and clears with null', () => {
    const next = applyCustomFields(definitions, { gift: true, carrier: 'UPS' }, { order_number: 'A-1', refund_amount: 12.5, delivery: '2026-05-03', carrier: null });
    expect(next).toEqual({ gift: true, order_number: 'A-1', refund_amount: 12.5, delivery: '2026-05-03' });
  });
  it('lists every invalid value in one error', () => {
    try {
      applyCustomFields(definitions, {}, { refund_amount: 'ten', carrier: 'FedEx', unknown: 1, delivery: '3 May' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('CUSTOM_FIELD_INVALID');
      expect((error as AppError).message).toMatch(/refund_amount.*carrier.*unknown.*delivery/);
    }
  });
});

describe('ticket cursor', () => {
  it('round-trips any sort values and id', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer(), fc.string()), { maxLength: 3 }), fc.uuid(), (values, id) => {
        expect(decodeCursor(encodeCursor({ values, id }))).toEqual({ values, id });
      }),
    );
  });
  it('rejects anything else with a clear validation error, never a crash', () => {
    fc.assert(
      fc.property(fc.string(), (raw) => {
        try {
          decodeCursor(raw);
        } catch (error) {
          expect((error as AppError).code).toBe('VALIDATION_FAILED');
        }
      }),
    );
  });
});
