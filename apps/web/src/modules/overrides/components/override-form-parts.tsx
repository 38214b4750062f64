/**
 * The parts every override dialog shares: the required reason (P7: no override without one) and
 * the error and buttons under it.
 */
import type { RefObject } from 'react';
import { Alert } from '@rapport/ui/alert';
import { Button } from '@rapport/ui/button';
import { Field } from '@rapport/ui/field';
import { TextArea } from '@rapport/ui/text-area';
import { describeError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { reasonLimits } from '../override-logic.ts';

export function OverrideReasonField({
  value,
  onChange,
  error,
  inputRef,
}: {
  value: string;
  onChange: (value: string) => void;
  error: string | null;
  inputRef: RefObject<HTMLTextAreaElement | null>;
}) {
  return (
    <Field label={t('overrides.reason')} hint={t('overrides.reasonHint')} error={error}>
      {(control) => (
        <TextArea
          {...control}
          ref={inputRef}
          rows={3}
          maxLength={reasonLimits.max}
          aria-required="true"
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

export function OverrideFormFooter({ error, isBusy, submitLabel, onCancel }: { error: unknown; isBusy: boolean; submitLabel: string; onCancel: () => void }) {
  return (
    <>
      {error ? <Alert>{describeError(error)}</Alert> : null}
      <div className="rp-dialog__actions">
        <Button type="button" variant="ghost" onClick={onCancel}>
          {t('overrides.cancel')}
        </Button>
        <Button type="submit" variant="primary" isBusy={isBusy}>
          {submitLabel}
        </Button>
      </div>
    </>
  );
}
