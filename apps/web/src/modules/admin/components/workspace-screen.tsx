import { useState, type FormEvent } from 'react';
import type { WorkspaceDto } from '@rapport/contracts/workspace';
import { Alert } from '@rapport/ui/alert';
import { Field } from '@rapport/ui/field';
import { Spinner } from '@rapport/ui/spinner';
import { TextInput } from '@rapport/ui/text-input';
import { describeError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { formatAbsoluteTime } from '../../../lib/relative-time.ts';
import { Link } from '../../../router/router.tsx';
import { emailSettingsPath } from '../../email/email-paths.ts';
import { useUpdateWorkspace, useWorkspaceSettings } from '../hooks/use-admin-api.ts';
import { AdminCard, AdminFormActions, AdminPage } from './admin-page.tsx';
import { TimeZoneSelect } from './time-zone-select.tsx';

/**
 * Workspace name and time zone. Addresses, business hours and the auto-acknowledgement template
 * stay in the email settings (one source of truth for the first-reply estimate); this links there.
 */
export function WorkspaceScreen() {
  const workspace = useWorkspaceSettings();
  return (
    <AdminPage title={t('admin.workspace.title')} permission="workspace.manage">
      <AdminCard title={t('admin.workspace.title')} id="admin-workspace-heading">
        {workspace.isPending && <Spinner label={t('common.loading')} />}
        {workspace.isError && <Alert>{describeError(workspace.error)}</Alert>}
        {workspace.data && <WorkspaceForm key={`${workspace.data.name}|${workspace.data.timeZone}`} workspace={workspace.data} />}
      </AdminCard>
      <AdminCard title={t('admin.workspace.emailTitle')} id="admin-workspace-email-heading">
        <p className="admin-muted">{t('admin.workspace.emailText')}</p>
        <p>
          <Link to={emailSettingsPath}>{t('admin.workspace.emailLink')}</Link>
        </p>
      </AdminCard>
    </AdminPage>
  );
}

function WorkspaceForm({ workspace }: { workspace: WorkspaceDto }) {
  const [name, setName] = useState(workspace.name);
  const [timeZone, setTimeZone] = useState(workspace.timeZone);
  const update = useUpdateWorkspace();
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    update.mutate({
      ...(name.trim() !== workspace.name ? { name } : {}),
      ...(timeZone !== workspace.timeZone ? { timeZone } : {}),
    });
  }
  const isUnchanged = name.trim() === workspace.name && timeZone === workspace.timeZone;
  return (
    <form className="admin-form" onSubmit={handleSubmit} aria-labelledby="admin-workspace-heading">
      <Field label={t('admin.workspace.name')}>
        {(control) => <TextInput {...control} required maxLength={200} value={name} onChange={(event) => setName(event.target.value)} />}
      </Field>
      <Field label={t('admin.workspace.timeZone')} hint={t('admin.workspace.timeZoneHint')}>
        {(control) => <TimeZoneSelect control={control} value={timeZone} onChange={setTimeZone} />}
      </Field>
      <p className="admin-muted">{t('admin.workspace.localTime', { time: formatAbsoluteTime(new Date().toISOString(), { timeZone }) })}</p>
      <AdminFormActions submitLabel={t('common.save')} mutation={update} isDisabled={isUnchanged} />
    </form>
  );
}
