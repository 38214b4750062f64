import { useEffect, useRef, useState, type FormEvent } from 'react';
import { macroPlaceholders, type MacroDto } from '@rapport/contracts/composer';
import { Priority, TicketStatus } from '@rapport/contracts/tickets';
import { Alert } from '@rapport/ui/alert';
import { statusLabels } from '@rapport/ui/badge';
import { Button } from '@rapport/ui/button';
import { Field } from '@rapport/ui/field';
import { useAnnounce } from '@rapport/ui/live-region';
import { Select } from '@rapport/ui/select';
import { Spinner } from '@rapport/ui/spinner';
import { TextArea } from '@rapport/ui/text-area';
import { TextInput } from '@rapport/ui/text-input';
import { describeError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { AdminCard, AdminPage } from '../../admin/components/admin-page.tsx';
import { useCurrentSession } from '../../auth/components/session-context.tsx';
import { useAgents } from '../../ticket/hooks/use-agents.ts';
import { useTeams } from '../../ticket/hooks/use-ticket-catalogues.ts';
import { useDeleteMacro, useMacros, useSaveMacro } from '../hooks/use-macros.ts';
import { actionsOf, formValuesOf, unknownPlaceholders, type MacroFormValues } from '../macro-form.ts';
import './macros-screen.css';

function actionsText(macro: MacroDto): string {
  const parts: string[] = [];
  if (macro.actions.status) parts.push(statusLabels[macro.actions.status]);
  if (macro.actions.priority) parts.push(macro.actions.priority);
  if (macro.actions.addTags?.length) parts.push(macro.actions.addTags.map((tag) => `#${tag}`).join(' '));
  if (macro.actions.assigneeId !== undefined) parts.push(macro.actions.assigneeId === null ? t('macros.unassigns') : t('macros.assigns'));
  if (macro.actions.teamId !== undefined) parts.push(macro.actions.teamId === null ? t('macros.clearsTeam') : t('macros.setsTeam'));
  return parts.length > 0 ? parts.join(' · ') : t('macros.noActions');
}

/** Create or edit one macro. Shared macros are offered only to those who may manage them. */
function MacroForm({ macro, canManageShared, onDone }: { macro: MacroDto | null; canManageShared: boolean; onDone: (saved: MacroDto | null) => void }) {
  const [values, setValues] = useState<MacroFormValues>(() => formValuesOf(macro));
  const [problem, setProblem] = useState<string | null>(null);
  const save = useSaveMacro();
  const nameInput = useRef<HTMLInputElement>(null);
  const agents = useAgents();
  const teams = useTeams();
  useEffect(() => nameInput.current?.focus(), []);
  const unknown = unknownPlaceholders(values.body);
  const set = <K extends keyof MacroFormValues>(key: K, value: MacroFormValues[K]) => setValues((current) => ({ ...current, [key]: value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!values.name.trim()) return setProblem(t('macros.form.nameRequired'));
    if (!values.body.trim()) return setProblem(t('macros.form.bodyRequired'));
    setProblem(null);
    const actions = actionsOf(values);
    const request = macro
      ? { id: macro.id, changes: { name: values.name.trim(), body: values.body, actions, category: values.category } }
      : { id: null, create: { name: values.name.trim(), body: values.body, actions, scope: values.scope, category: values.category } };
    save.mutate(request, { onSuccess: (saved) => onDone(saved) });
  }

  const statusOptions = [{ value: '', label: t('macros.form.unchanged') }, ...TicketStatus.options.map((status) => ({ value: status, label: statusLabels[status] }))];
  const assigneeOptions = [
    { value: '', label: t('macros.form.unchanged') },
    { value: 'none', label: t('macros.form.unassign') },
    ...(agents.data ?? []).map((agent) => ({ value: agent.id, label: agent.name })),
  ];
  const teamOptions = [
    { value: '', label: t('macros.form.unchanged') },
    { value: 'none', label: t('macros.form.noTeam') },
    ...(teams.data ?? []).map((team) => ({ value: team.id, label: team.name })),
  ];
  const priorityOptions = [{ value: '', label: t('macros.form.unchanged') }, ...Priority.options.map((priority) => ({ value: priority, label: priority }))];

  return (
    <form className="macro-form" onSubmit={submit} aria-label={macro ? t('macros.edit', { name: macro.name }) : t('macros.new')}>
      <Field label={t('macros.form.name')}>{(control) => <TextInput {...control} ref={nameInput} value={values.name} maxLength={120} onChange={(event) => set('name', event.target.value)} />}</Field>
      <Field label={t('macros.form.body')} hint={t('macros.form.bodyHint')} error={unknown.length > 0 ? t('macros.form.unknown', { list: unknown.map((name) => `{{${name}}}`).join(', ') }) : undefined}>
        {(control) => <TextArea {...control} rows={6} value={values.body} onChange={(event) => set('body', event.target.value)} />}
      </Field>
      <div className="admin-form__row">
        {!macro && canManageShared && (
          <Field label={t('macros.form.scope')}>
            {(control) => (
              <Select
                {...control}
                value={values.scope}
                onChange={(event) => set('scope', event.target.value === 'shared' ? 'shared' : 'personal')}
                options={[
                  { value: 'shared', label: t('macros.scope.shared') },
                  { value: 'personal', label: t('macros.scope.personal') },
                ]}
              />
            )}
          </Field>
        )}
        <Field label={t('macros.form.category')}>
          {(control) => (
            <Select
              {...control}
              value={values.category}
              onChange={(event) => set('category', event.target.value === 'clarifying' ? 'clarifying' : 'macro')}
              options={[
                { value: 'macro', label: t('macros.category.macro') },
                { value: 'clarifying', label: t('macros.category.clarifying') },
              ]}
            />
          )}
        </Field>
        <Field label={t('macros.form.status')}>
          {(control) => <Select {...control} value={values.status} onChange={(event) => set('status', event.target.value as MacroFormValues['status'])} options={statusOptions} />}
        </Field>
        <Field label={t('macros.form.priority')}>
          {(control) => <Select {...control} value={values.priority} onChange={(event) => set('priority', event.target.value as MacroFormValues['priority'])} options={priorityOptions} />}
        </Field>
        <Field label={t('macros.form.assignee')}>
          {(control) => <Select {...control} value={values.assignee} onChange={(event) => set('assignee', event.target.value)} options={assigneeOptions} />}
        </Field>
        <Field label={t('macros.form.team')}>
          {(control) => <Select {...control} value={values.team} onChange={(event) => set('team', event.target.value)} options={teamOptions} />}
        </Field>
        <Field label={t('macros.form.tags')} hint={t('macros.form.tagsHint')}>
          {(control) => <TextInput {...control} value={values.tags} onChange={(event) => set('tags', event.target.value)} />}
        </Field>
      </div>
      {problem && <Alert>{problem}</Alert>}
      {save.isError && <Alert>{describeError(save.error)}</Alert>}
      <div className="admin-form__actions">
        <Button type="submit" variant="primary" isBusy={save.isPending}>
          {macro ? t('macros.form.save') : t('macros.form.create')}
        </Button>
        <Button onClick={() => onDone(null)}>{t('macros.form.cancel')}</Button>
      </div>
    </form>
  );
}

function MacroRow({ macro, canChange, onEdit }: { macro: MacroDto; canChange: boolean; onEdit: () => void }) {
  const remove = useDeleteMacro();
  const announce = useAnnounce();
  return (
    <tr data-testid="macro-row">
      <th scope="row">
        <span className="macro-table__name">
          {macro.name}
          {macro.category === 'clarifying' ? ` · ${t('macros.category.clarifying')}` : ''}
        </span>
        <span className="macro-table__body">{macro.body.length > 140 ? `${macro.body.slice(0, 137)}…` : macro.body}</span>
      </th>
      <td>{macro.scope === 'shared' ? t('macros.scope.shared') : t('macros.scope.personal')}</td>
      <td>{actionsText(macro)}</td>
      <td>{macro.usageCount}</td>
      <td>
        {canChange && (
          <div className="admin-list__actions">
            <Button size="sm" aria-label={t('macros.edit', { name: macro.name })} onClick={onEdit}>
              {t('common.edit')}
            </Button>
            <Button
              size="sm"
              variant="danger"
              isBusy={remove.isPending}
              aria-label={t('macros.delete', { name: macro.name })}
              onClick={() => {
                if (window.confirm(t('macros.deleteConfirm', { name: macro.name }))) {
                  remove.mutate(macro.id, { onSuccess: () => announce(t('macros.deleted', { name: macro.name })) });
                }
              }}
            >
              {t('macros.confirmDelete')}
            </Button>
          </div>
        )}
        {remove.isError && <Alert>{describeError(remove.error)}</Alert>}
      </td>
    </tr>
  );
}

/**
 * Admin → Macros (/admin/macros): the workspace's shared macros (managed by admins and leads) and
 * your personal ones, with their placeholders, their actions on send and how often they are used.
 */
export function MacrosScreen() {
  const session = useCurrentSession();
  const macros = useMacros();
  const announce = useAnnounce();
  const [editing, setEditing] = useState<MacroDto | 'new' | null>(null);
  const newButton = useRef<HTMLButtonElement>(null);
  const canManageShared = session.permissions.includes('macro.manage');

  function done(saved: MacroDto | null) {
    setEditing(null);
    if (saved) announce(t('macros.saved', { name: saved.name }));
    window.requestAnimationFrame(() => newButton.current?.focus());
  }

  return (
    <AdminPage title={t('macros.title')} permission="macro.use" intro={t('macros.intro')}>
      <p className="admin-muted">{t('macros.placeholders', { list: macroPlaceholders.map((name) => `{{${name}}}`).join(', ') })}</p>
      <AdminCard title={t('macros.listLabel')} id="macros-heading">
        {macros.isPending && <Spinner label={t('macros.loading')} />}
        {macros.isError && <Alert>{describeError(macros.error)}</Alert>}
        {macros.data?.items.length === 0 && <p className="admin-muted">{t('macros.empty')}</p>}
        {macros.data && macros.data.items.length > 0 && (
          <div className="macro-table__wrap">
            <table className="macro-table" aria-labelledby="macros-heading">
              <thead>
                <tr>
                  <th scope="col">{t('macros.col.name')}</th>
                  <th scope="col">{t('macros.col.scope')}</th>
                  <th scope="col">{t('macros.col.actions')}</th>
                  <th scope="col">{t('macros.col.uses')}</th>
                  <th scope="col">{t('macros.col.manage')}</th>
                </tr>
              </thead>
              <tbody>
                {macros.data.items.map((macro) => (
                  <MacroRow key={macro.id} macro={macro} canChange={macro.scope === 'personal' || canManageShared} onEdit={() => setEditing(macro)} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        {editing ? (
          <MacroForm key={editing === 'new' ? 'new' : editing.id} macro={editing === 'new' ? null : editing} canManageShared={canManageShared} onDone={done} />
        ) : (
          <div className="admin-form__actions">
            <Button ref={newButton} variant="primary" onClick={() => setEditing('new')}>
              {t('macros.new')}
            </Button>
          </div>
        )}
      </AdminCard>
    </AdminPage>
  );
}
