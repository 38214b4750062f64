import { useState, type FormEvent } from 'react';
import type { ServiceSettingsDto } from '@rapport/contracts/waiting';
import { Alert } from '@rapport/ui/alert';
import { Field } from '@rapport/ui/field';
import { Spinner } from '@rapport/ui/spinner';
import { TextInput } from '@rapport/ui/text-input';
import { describeError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { AdminFormActions, AdminPage } from '../../admin/components/admin-page.tsx';
import { daysText, waitingSettingsBody, type DaysError } from '../waiting-form.ts';
import { useSaveServiceSettings, useServiceSettings } from '../waiting-api.ts';

const errorText = (error: DaysError | undefined) => (error === 'range' ? t('waiting.settings.error.range') : error === 'order' ? t('waiting.settings.error.order') : undefined);

/** The two waiting settings (P10): remind after N business days pending, close with a notice after M. */
export function WaitingSettingsScreen() {
  const settings = useServiceSettings();
  return (
    <AdminPage title={t('waiting.settings.title')} permission="service.manage" intro={t('waiting.settings.intro')}>
      {settings.isPending && <Spinner label={t('waiting.settings.loading')} isLabelVisible />}
      {settings.isError && <Alert>{describeError(settings.error)}</Alert>}
      {settings.data && <WaitingSettingsForm settings={settings.data} />}
    </AdminPage>
  );
}

function WaitingSettingsForm({ settings }: { settings: ServiceSettingsDto }) {
  const [form, setForm] = useState({ reminder: daysText(settings.pendingReminderDays), close: daysText(settings.pendingCloseDays) });
  const [errors, setErrors] = useState<{ reminder?: DaysError; close?: DaysError }>({});
  const save = useSaveServiceSettings();

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = waitingSettingsBody(form);
    setErrors(result.errors ?? {});
    if (result.body) save.mutate(result.body);
  }

  return (
    <form className="admin-form" onSubmit={handleSubmit} noValidate aria-label={t('waiting.settings.title')}>
      <div className="admin-form__row">
        <Field label={t('waiting.settings.reminder')} hint={t('waiting.settings.emptyHint')} error={errorText(errors.reminder)}>
          {(control) => <TextInput {...control} inputMode="numeric" value={form.reminder} onChange={(event) => setForm((current) => ({ ...current, reminder: event.target.value }))} />}
        </Field>
        <Field label={t('waiting.settings.close')} hint={t('waiting.settings.emptyHint')} error={errorText(errors.close)}>
          {(control) => <TextInput {...control} inputMode="numeric" value={form.close} onChange={(event) => setForm((current) => ({ ...current, close: event.target.value }))} />}
        </Field>
      </div>
      <AdminFormActions submitLabel={t('waiting.settings.save')} mutation={save} />
    </form>
  );
}
