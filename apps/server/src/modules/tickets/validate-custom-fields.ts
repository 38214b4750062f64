import { AppError } from '../../platform/errors.ts';

export interface FieldDefinition {
  key: string;
  type: 'text' | 'number' | 'boolean' | 'date' | 'select';
  options: string[];
}

type Value = string | number | boolean | null;

/** Pure: checks values against their typed definitions and returns the merged set (null clears). */
export function applyCustomFields(
  definitions: FieldDefinition[],
  current: Record<string, string | number | boolean>,
  changes: Record<string, Value>,
): Record<string, string | number | boolean> {
  const byKey = new Map(definitions.map((definition) => [definition.key, definition]));
  const problems: string[] = [];
  const next = { ...current };
  for (const [key, value] of Object.entries(changes)) {
    const definition = byKey.get(key);
    if (!definition) {
      problems.push(`${key}: no such custom field`);
      continue;
    }
    if (value === null) {
      delete next[key];
      continue;
    }
    const problem = checkValue(definition, value);
    if (problem) problems.push(`${key}: ${problem}`);
    else next[key] = value;
  }
  if (problems.length > 0) {
    throw new AppError('CUSTOM_FIELD_INVALID', { message: `Custom field values are invalid: ${problems.join('; ')}.`, details: { problems } });
  }
  return next;
}

function checkValue(definition: FieldDefinition, value: string | number | boolean): string | null {
  switch (definition.type) {
    case 'text':
      return typeof value === 'string' ? null : 'expected text';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'expected a number';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'expected true or false';
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? null : 'expected a date as YYYY-MM-DD';
    case 'select':
      return typeof value === 'string' && definition.options.includes(value) ? null : `expected one of ${definition.options.join(', ')}`;
  }
}
