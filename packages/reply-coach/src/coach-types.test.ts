import { describe, expect, it } from 'vitest';
import { COACH_INPUT_JSON_SCHEMA, COACH_OUTPUT_JSON_SCHEMA, RULE_IDS, type CoachInput } from './coach-types.ts';
import { coachReply } from './coach.ts';

type Schema = { type?: string | readonly string[]; required?: readonly string[]; properties?: Record<string, Schema>; items?: Schema; enum?: readonly unknown[] };

/** A small structural check (types, required and unknown keys, enums); enough to keep schema and code in step. */
function violations(value: unknown, schema: Schema, path = '$'): string[] {
  const problems: string[] = [];
  if (schema.enum && !schema.enum.includes(value)) problems.push(`${path}: ${JSON.stringify(value)} not in enum`);
  const types = schema.type === undefined ? [] : typeof schema.type === 'string' ? [schema.type] : schema.type;
  const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
  if (types.length > 0 && !types.includes(actual) && !(actual === 'integer' && types.includes('number'))) {
    problems.push(`${path}: ${actual} is not ${types.join('|')}`);
  }
  if (Array.isArray(value) && schema.items) value.forEach((item, index) => problems.push(...violations(item, schema.items ?? {}, `${path}[${index}]`)));
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && schema.properties) {
    const record = value as Record<string, unknown>; // narrowed to a plain object just above
    for (const key of schema.required ?? []) if (!(key in record)) problems.push(`${path}.${key}: missing`);
    for (const [key, child] of Object.entries(record)) {
      const childSchema = schema.properties[key];
      if (!childSchema) problems.push(`${path}.${key}: not in schema`);
      else problems.push(...violations(child, childSchema, `${path}.${key}`));
    }
  }
  return problems;
}

const INPUT: CoachInput = {
  draft: "Sorry! Sorry again. I'll call you tomorrow. Unfortunately that's our policy. Use the RMA {{name}}.",
  conversation: [{ from: 'customer', text: 'This is UNACCEPTABLE!!! Where is my parcel? Send me the invoice.', at: '2026-03-27T09:00:00Z' }],
  ticket: { ourMistake: true, angry: true, macroText: 'Hi {{name}}', customerName: 'Ada', customerLanguage: 'en' },
  settings: { checks: { jargon: 'warn' }, glossary: [{ term: 'parcel', plain: 'package' }], now: '2026-03-27T10:00:00Z', timeZone: 'UTC' },
};

describe('JSON schemas', () => {
  it('describe a full input', () => {
    expect(violations(INPUT, COACH_INPUT_JSON_SCHEMA)).toEqual([]);
  });

  it('describe real output, including every optional field', () => {
    const output = coachReply(INPUT);
    expect(output.findings.length).toBeGreaterThan(5);
    expect(violations(output, COACH_OUTPUT_JSON_SCHEMA)).toEqual([]);
  });

  it('list every rule id', () => {
    expect(COACH_OUTPUT_JSON_SCHEMA.properties.findings.items.properties.rule.enum).toEqual([...RULE_IDS]);
  });
});
