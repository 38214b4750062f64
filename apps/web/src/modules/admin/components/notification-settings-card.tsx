import { useState, type FormEvent } from 'react';
import type { NotificationKind, NotificationSettings } from '@rapport/contracts/notification-settings';
import { Alert } from '@rapport/ui/alert';
import { Spinner } from '@rapport/ui/spinner';
import { describeError } from '../../../api/api-error.ts';
import { t, type MessageKey } from '../../../i18n/i18n.ts';
import { useNotificationSettings, useUpdateNotificationSettings } from '../hooks/use-notification-settings.ts';
import { AdminCard, AdminFormActions } from './admin-page.tsx';

const kindLabels: Record<NotificationKind, MessageKey> = {
  assigned: 'admin.preferences.notifications.kind.assigned',
  customer_replied: 'admin.preferences.notifications.kind.customer_replied',
  reply: 'admin.preferences.notifications.kind.reply',
  note: 'admin.preferences.notifications.kind.note',
  mention: 'admin.preferences.notifications.kind.mention',
  promise_reminder: 'admin.preferences.notifications.kind.promise_reminder',
  approval_requested: 'admin.preferences.notifications.kind.approval_requested',
  approval_decided: 'admin.preferences.notifications.kind.approval_decided',
  automation: 'admin.preferences.notifications.kind.automation',
  automation_loop: 'admin.preferences.notifications.kind.automation_loop',
};

/** "Notifications" on My preferences: which kinds of notification the member also gets by email. */
export function NotificationSettingsCard() {
  const settings = useNotificationSettings();
  return (
    <AdminCard title={t('admin.preferences.notifications.card')} id="notifications">
      {settings.isPending && <Spinner label={t('common.loading')} />}
      {settings.isError && <Alert>{describeError(settings.error)}</Alert>}
      {settings.data && <NotificationSettingsForm key={settings.data.email.map((item) => `${item.kind}:${item.isEnabled}`).join('|')} settings={settings.data} />}
    </AdminCard>
  );
}

function NotificationSettingsForm({ settings }: { settings: NotificationSettings }) {
  const [chosen, setChosen] = useState(() => new Map(settings.email.map((item) => [item.kind, item.isEnabled])));
  const update = useUpdateNotificationSettings();
  const changed = settings.email.filter((item) => chosen.get(item.kind) !== item.isEnabled).map((item) => ({ kind: item.kind, isEnabled: !item.isEnabled }));
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    update.mutate({ email: changed });
  }
  return (
    <form className="admin-form" onSubmit={handleSubmit} aria-labelledby="notifications">
      <fieldset className="admin-fieldset" aria-describedby="notifications-hint">
        <legend className="admin-fieldset__legend">{t('admin.preferences.notifications.legend')}</legend>
        <p className="admin-muted" id="notifications-hint">
          {t('admin.preferences.notifications.hint', { address: settings.emailAddress, limit: settings.hourlyEmailLimit })}
        </p>
        {settings.email.map((item) => (
          <label key={item.kind} className="admin-check">
            <input
              type="checkbox"
              name={`email-${item.kind}`}
              checked={chosen.get(item.kind) ?? false}
              onChange={(event) => setChosen((current) => new Map(current).set(item.kind, event.target.checked))}
            />
            {t(kindLabels[item.kind])}
            {item.isDefault && <span className="admin-muted"> {t('admin.preferences.notifications.default')}</span>}
          </label>
        ))}
      </fieldset>
      <AdminFormActions submitLabel={t('admin.preferences.notifications.save')} mutation={update} isDisabled={changed.length === 0} />
    </form>
  );
}
