/** Turning what an agent typed or picked into a custom field value the API accepts (pure). */
export type CustomFieldInputValue = string | number | boolean | null;

export function parseCustomFieldInput(
  type: 'text' | 'number' | 'boolean' | 'date' | 'select',
  raw: string,
): { ok: true; value: CustomFieldInputValue } | { ok: false } {
  const trimmed = raw.trim();
  // An emptied field clears the value.
  if (trimmed === '') return { ok: true, value: null };
  switch (type) {
    case 'number': {
      const number = Number(trimmed.replace(',', '.'));
      return Number.isFinite(number) ? { ok: true, value: number } : { ok: false };
    }
    case 'boolean':
      return trimmed === 'true' ? { ok: true, value: true } : trimmed === 'false' ? { ok: true, value: false } : { ok: false };
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? { ok: true, value: trimmed } : { ok: false };
    default:
      return { ok: true, value: type === 'text' ? raw : trimmed };
  }
}
