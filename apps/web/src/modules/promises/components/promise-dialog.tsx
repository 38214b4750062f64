import { useRef, useState, type FormEvent } from 'react';
import type { PromiseDto } from '@rapport/contracts/promises';
import { Alert } from '@rapport/ui/alert';
import { Button } from '@rapport/ui/button';
import { Dialog } from '@rapport/ui/dialog';
import { Field } from '@rapport/ui/field';
import { useAnnounce } from '@rapport/ui/live-region';
import { TextArea } from '@rapport/ui/text-area';
import { TextInput } from '@rapport/ui/text-input';
import { describeError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { getDisplayTimeZone } from '../../../lib/relative-time.ts';
import { useUpdatePromise } from '../hooks/use-promises.ts';
import { checkDrop, checkEdit, toZonedInputValue, type EditForm, type FormResult } from '../promise-logic.ts';

export interface PromiseDialogProps {
  promise: PromiseDto;
  mode: 'edit' | 'drop';
  onClose: () => void;
}

/**
 * Edit a promise (its text and due time, in the agent's time zone) or drop it — both with a reason,
 * which the ticket's history keeps. Errors sit on their fields (aria-describedby), the first
 * invalid field takes focus and the message is announced.
 */
export function PromiseDialog({ promise, mode, onClose }: PromiseDialogProps) {
  const timeZone = getDisplayTimeZone();
  const [form, setForm] = useState<EditForm>(() => ({ text: promise.text, due: toZonedInputValue(promise.dueAt, timeZone), reason: '' }));
  const [errors, setErrors] = useState<FormResult['errors']>({});
  const textRef = useRef<HTMLTextAreaElement>(null);
  const dueRef = useRef<HTMLInputElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const update = useUpdatePromise();
  const announce = useAnnounce();

  function change(next: Partial<EditForm>) {
    setForm((current) => ({ ...current, ...next }));
    setErrors({});
    if (update.isError) update.reset();
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (update.isPending) return;
    const result = mode === 'edit' ? checkEdit(form, promise, timeZone, Date.now()) : checkDrop(form.reason);
    if (!result.body) {
      setErrors(result.errors);
      const first = result.errors.text ? textRef : result.errors.due ? dueRef : reasonRef;
      const key = result.errors.text ?? result.errors.due ?? result.errors.reason;
      if (key) announce(t(key), 'assertive');
      first.current?.focus();
      return;
    }
    update.mutate({ id: promise.id, body: result.body }, { onSuccess: onClose });
  }

  const error = (key: keyof EditForm) => (errors[key] ? t(errors[key]) : null);
  return (
    <Dialog title={t(mode === 'edit' ? 'promises.dialog.editTitle' : 'promises.dialog.dropTitle')} onClose={onClose} closeLabel={t('common.close')}>
      <form className="rp-dialog__form" noValidate onSubmit={handleSubmit} data-testid="promise-dialog">
        {mode === 'edit' ? (
          <>
            <Field label={t('promises.dialog.text')} error={error('text')}>
              {(control) => <TextArea {...control} ref={textRef} rows={3} maxLength={1000} value={form.text} onChange={(event) => change({ text: event.target.value })} />}
            </Field>
            <Field label={t('promises.dialog.due')} hint={t('promises.dialog.dueHint', { zone: timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone })} error={error('due')}>
              {(control) => <TextInput {...control} ref={dueRef} type="datetime-local" value={form.due} onChange={(event) => change({ due: event.target.value })} />}
            </Field>
          </>
        ) : (
          <blockquote className="promise-dialog__quote">{promise.text}</blockquote>
        )}
        <Field label={t('promises.dialog.reason')} hint={t(mode === 'edit' ? 'promises.dialog.reasonHint' : 'promises.dialog.dropReasonHint')} error={error('reason')}>
          {(control) => (
            <TextArea
              {...control}
              ref={reasonRef}
              rows={2}
              maxLength={500}
              aria-required="true"
              {...(mode === 'drop' ? { 'data-autofocus': true } : {})}
              value={form.reason}
              onChange={(event) => change({ reason: event.target.value })}
            />
          )}
        </Field>
        {update.isError && <Alert>{t('promises.notSaved', { error: describeError(update.error) })}</Alert>}
        <div className="rp-dialog__actions">
          <Button type="button" variant="ghost" onClick={onClose}>
            {t('promises.dialog.cancel')}
          </Button>
          <Button type="submit" variant={mode === 'drop' ? 'danger' : 'primary'} isBusy={update.isPending}>
            {update.isPending ? t('common.saving') : t(mode === 'edit' ? 'promises.dialog.save' : 'promises.dialog.drop')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
