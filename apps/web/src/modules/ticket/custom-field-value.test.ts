import { describe, expect, it } from 'vitest';
import { parseCustomFieldInput } from './custom-field-value.ts';

describe('parseCustomFieldInput', () => {
  it('clears the value when the input is emptied', () => {
    expect(parseCustomFieldInput('text', '   ')).toEqual({ ok: true, value: null });
    expect(parseCustomFieldInput('number', '')).toEqual({ ok: true, value: null });
  });

  it('reads numbers, with a decimal comma too, and refuses words', () => {
    expect(parseCustomFieldInput('number', '12.5')).toEqual({ ok: true, value: 12.5 });
    expect(parseCustomFieldInput('number', '3,25')).toEqual({ ok: true, value: 3.25 });
    expect(parseCustomFieldInput('number', 'twelve')).toEqual({ ok: false });
  });

  it('reads yes/no choices and ISO dates', () => {
    expect(parseCustomFieldInput('boolean', 'true')).toEqual({ ok: true, value: true });
    expect(parseCustomFieldInput('boolean', 'false')).toEqual({ ok: true, value: false });
    expect(parseCustomFieldInput('boolean', 'maybe')).toEqual({ ok: false });
    expect(parseCustomFieldInput('date', '2025-03-01')).toEqual({ ok: true, value: '2025-03-01' });
    expect(parseCustomFieldInput('date', '01/03/2025')).toEqual({ ok: false });
  });

  it('keeps text as typed and select options as chosen', () => {
    expect(parseCustomFieldInput('text', ' A-1042 ')).toEqual({ ok: true, value: ' A-1042 ' });
    expect(parseCustomFieldInput('select', 'pro')).toEqual({ ok: true, value: 'pro' });
  });
});
