import { useState, type FormEvent } from 'react';
import type { MyPreferences } from '@rapport/contracts/workspace';
import { Alert } from '@rapport/ui/alert';
import { Field } from '@rapport/ui/field';
import { Spinner } from '@rapport/ui/spinner';
import { describeError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { formatAbsoluteTime } from '../../../lib/relative-time.ts';
import { useMyPreferences, useUpdateMyPreferences } from '../hooks/use-admin-api.ts';
import { AdminCard, AdminFormActions, AdminPage } from './admin-page.tsx';
import { NotificationSettingsCard } from './notification-settings-card.tsx';
import { TimeZoneSelect } from './time-zone-select.tsx';

const followWorkspace = '';

/** Every member's own settings: the time zone all absolute dates are shown in, and which notifications are emailed. */
export function PreferencesScreen() {
  const preferences = useMyPreferences();
  return (
    <AdminPage title={t('admin.preferences.title')} permission={null}>
      <AdminCard title={t('admin.preferences.zoneCard')} id="preferences-zone-heading">
        {preferences.isPending && <Spinner label={t('common.loading')} />}
        {preferences.isError && <Alert>{describeError(preferences.error)}</Alert>}
        {preferences.data && <PreferencesForm key={`${preferences.data.timeZone}|${preferences.data.workspaceTimeZone}`} preferences={preferences.data} />}
      </AdminCard>
      <NotificationSettingsCard />
    </AdminPage>
  );
}

function PreferencesForm({ preferences }: { preferences: MyPreferences }) {
  const [choice, setChoice] = useState(preferences.timeZone ?? followWorkspace);
  const update = useUpdateMyPreferences();
  const previewZone = choice === followWorkspace ? preferences.workspaceTimeZone : choice;
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    update.mutate({ timeZone: choice === followWorkspace ? null : choice });
  }
  return (
    <form className="admin-form" onSubmit={handleSubmit} aria-labelledby="preferences-zone-heading">
      <p>{t('admin.preferences.effective', { zone: preferences.effectiveTimeZone })}</p>
      <Field label={t('admin.preferences.timeZone')} hint={t('admin.preferences.timeZoneHint')}>
        {(control) => (
          <TimeZoneSelect
            control={control}
            value={choice}
            onChange={setChoice}
            extraFirst={{ value: followWorkspace, label: t('admin.preferences.followWorkspace', { zone: preferences.workspaceTimeZone }) }}
          />
        )}
      </Field>
      <p className="admin-muted">{t('admin.preferences.preview', { time: formatAbsoluteTime(new Date().toISOString(), { timeZone: previewZone }) })}</p>
      <AdminFormActions submitLabel={t('common.save')} mutation={update} isDisabled={choice === (preferences.timeZone ?? followWorkspace)} />
    </form>
  );
}
