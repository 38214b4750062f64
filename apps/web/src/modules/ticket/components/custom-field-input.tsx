import { useState } from 'react';
import type { CustomFieldDefinitionDto } from '@rapport/contracts/catalogue';
import { Field } from '@rapport/ui/field';
import { Select } from '@rapport/ui/select';
import { TextInput } from '@rapport/ui/text-input';
import { t } from '../../../i18n/i18n.ts';
import { parseCustomFieldInput, type CustomFieldInputValue } from '../custom-field-value.ts';

export interface CustomFieldInputProps {
  definition: CustomFieldDefinitionDto;
  value: string | number | boolean | undefined;
  onSave: (value: CustomFieldInputValue) => void;
}

/**
 * One custom field, with the input its type calls for. Choices (select, yes/no, date) save on
 * change; typed text and numbers save when the agent leaves the field or presses Enter.
 */
export function CustomFieldInput({ definition, value, onSave }: CustomFieldInputProps) {
  const shown = value === undefined ? '' : String(value);
  const [draft, setDraft] = useState(shown);
  const [lastShown, setLastShown] = useState(shown);
  const [error, setError] = useState<string | null>(null);
  // The saved value changed (our save landed, was rolled back, or someone else edited): show it.
  if (shown !== lastShown) {
    setLastShown(shown);
    setDraft(shown);
    setError(null);
  }

  function commit(raw: string) {
    const parsed = parseCustomFieldInput(definition.type, raw);
    if (!parsed.ok) {
      setError(t('ticket.props.customField.invalid'));
      return;
    }
    setError(null);
    if (parsed.value === (value ?? null)) return;
    onSave(parsed.value);
  }

  const name = `custom-field-${definition.key}`;
  switch (definition.type) {
    case 'boolean':
    case 'select': {
      const choices =
        definition.type === 'boolean'
          ? [
              { value: 'true', label: t('ticket.props.customField.yes') },
              { value: 'false', label: t('ticket.props.customField.no') },
            ]
          : definition.options.map((option) => ({ value: option, label: option }));
      return (
        <Field label={definition.label}>
          {(control) => (
            <Select
              {...control}
              name={name}
              options={[{ value: '', label: t('ticket.props.customField.notSet') }, ...choices]}
              value={shown}
              onChange={(event) => commit(event.target.value)}
            />
          )}
        </Field>
      );
    }
    case 'date':
      return (
        <Field label={definition.label}>
          {(control) => (
            <TextInput
              {...control}
              name={name}
              type="date"
              value={draft}
              onChange={(event) => {
                setDraft(event.target.value);
                // A half-typed date reads as empty: save complete dates at once, a cleared one on leaving.
                if (event.target.value) commit(event.target.value);
              }}
              onBlur={() => commit(draft)}
            />
          )}
        </Field>
      );
    default:
      return (
        <Field label={definition.label} error={error ?? undefined}>
          {(control) => (
            <TextInput
              {...control}
              name={name}
              type="text"
              inputMode={definition.type === 'number' ? 'decimal' : undefined}
              value={draft}
              onChange={(event) => setDraft(event.target.value)}
              onBlur={() => commit(draft)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') {
                  event.preventDefault();
                  commit(draft);
                }
                if (event.key === 'Escape' && draft !== shown) {
                  event.preventDefault();
                  setDraft(shown);
                  setError(null);
                }
              }}
            />
          )}
        </Field>
      );
  }
}
