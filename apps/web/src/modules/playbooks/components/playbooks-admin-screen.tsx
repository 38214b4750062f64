import { useState, type FormEvent } from 'react';
import { resolutionActions, type PlaybookDto } from '@rapport/contracts/playbooks';
import { Alert } from '@rapport/ui/alert';
import { Badge } from '@rapport/ui/badge';
import { Button } from '@rapport/ui/button';
import { Dialog } from '@rapport/ui/dialog';
import { Field } from '@rapport/ui/field';
import { Select } from '@rapport/ui/select';
import { Spinner } from '@rapport/ui/spinner';
import { TextArea } from '@rapport/ui/text-area';
import { TextInput } from '@rapport/ui/text-input';
import { describeError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { AdminCard, AdminFormActions, AdminPage } from '../../admin/components/admin-page.tsx';
import { useMacros } from '../../macros/hooks/use-macros.ts';
import { actionKeys } from '../action-labels.ts';
import { bodyFromPlaybookForm, emptyPlaybookForm, formFromPlaybook, moveStep, playbookFormErrors, type PlaybookForm } from '../playbook-form.ts';
import { useCreatePlaybook, useDeletePlaybook, usePlaybooks, useUpdatePlaybook } from '../playbooks-api.ts';
import './playbooks.css';

type Editing = { kind: 'new' } | { kind: 'edit'; playbook: PlaybookDto } | null;

/** The workspace's playbooks (admins and leads): edit or switch off the built-ins, add and delete custom ones. */
export function PlaybooksAdminScreen() {
  const playbooks = usePlaybooks();
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<PlaybookDto | null>(null);
  const items = playbooks.data ?? [];

  return (
    <AdminPage title={t('playbooks.admin.title')} permission="macro.manage" intro={t('playbooks.admin.intro')}>
      <AdminCard title={t('playbooks.admin.listLabel')} id="playbooks-admin-heading">
        {playbooks.isPending && <Spinner label={t('playbooks.admin.loading')} isLabelVisible />}
        {playbooks.isError && <Alert>{describeError(playbooks.error)}</Alert>}
        {playbooks.isSuccess && items.length === 0 && <p className="admin-muted">{t('playbooks.admin.empty')}</p>}
        {items.length > 0 && (
          <ul className="admin-list" aria-labelledby="playbooks-admin-heading">
            {items.map((playbook) => (
              <li key={playbook.id} className="admin-list__item" data-testid="playbook-row">
                <div className="admin-list__main">
                  <span className="admin-list__headline">
                    <span className="admin-list__primary">{playbook.name}</span>
                    {playbook.key && <Badge tone="tag">{t('playbooks.admin.builtIn')}</Badge>}
                    {!playbook.enabled && <Badge tone="tag">{t('playbooks.admin.disabled')}</Badge>}
                  </span>
                  {playbook.description && <span className="admin-list__secondary">{playbook.description}</span>}
                  <span className="admin-list__secondary">
                    {t('playbooks.admin.summary', {
                      steps: playbook.steps.length,
                      macro: playbook.suggestedMacro?.name ?? t('playbooks.admin.noMacro'),
                      actions: playbook.allowedActions.map((action) => t(actionKeys[action])).join(', ') || t('playbooks.panel.noActions'),
                    })}
                  </span>
                </div>
                <div className="admin-list__actions">
                  <Button size="sm" aria-label={t('playbooks.admin.edit', { name: playbook.name })} onClick={() => setEditing({ kind: 'edit', playbook })}>
                    {t('common.edit')}
                  </Button>
                  {!playbook.key && (
                    <Button size="sm" variant="danger" aria-label={t('playbooks.admin.delete', { name: playbook.name })} onClick={() => setDeleting(playbook)}>
                      {t('common.delete')}
                    </Button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
        <div>
          <Button variant="primary" onClick={() => setEditing({ kind: 'new' })}>
            {t('playbooks.admin.new')}
          </Button>
        </div>
      </AdminCard>
      {editing && <PlaybookDialog playbook={editing.kind === 'edit' ? editing.playbook : undefined} onClose={() => setEditing(null)} />}
      {deleting && <DeletePlaybookDialog playbook={deleting} onClose={() => setDeleting(null)} />}
    </AdminPage>
  );
}

function PlaybookDialog({ playbook, onClose }: { playbook: PlaybookDto | undefined; onClose: () => void }) {
  const [form, setForm] = useState<PlaybookForm>(() => (playbook ? formFromPlaybook(playbook) : emptyPlaybookForm()));
  const [showErrors, setShowErrors] = useState(false);
  const macros = useMacros();
  const create = useCreatePlaybook();
  const update = useUpdatePlaybook();
  const mutation = playbook ? update : create;
  const errors = showErrors ? playbookFormErrors(form) : [];
  const change = (changes: Partial<PlaybookForm>) => setForm((current) => ({ ...current, ...changes }));
  const changeStep = (index: number, changes: Partial<PlaybookForm['steps'][number]>) =>
    setForm((current) => ({ ...current, steps: current.steps.map((step, at) => (at === index ? { ...step, ...changes } : step)) }));
  const sharedMacros = (macros.data?.items ?? []).filter((macro) => macro.scope === 'shared');
  const macroOptions = [{ value: '', label: t('playbooks.form.noMacro') }, ...sharedMacros.map((macro) => ({ value: macro.id, label: macro.name }))];
  if (form.suggestedMacroId && !sharedMacros.some((macro) => macro.id === form.suggestedMacroId) && playbook?.suggestedMacro) {
    macroOptions.push({ value: playbook.suggestedMacro.id, label: playbook.suggestedMacro.name });
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (playbookFormErrors(form).length > 0) {
      setShowErrors(true);
      return;
    }
    const body = bodyFromPlaybookForm(form);
    if (playbook) update.mutate({ id: playbook.id, body }, { onSuccess: onClose });
    else create.mutate(body, { onSuccess: onClose });
  }

  const title = playbook ? t('playbooks.admin.editTitle', { name: playbook.name }) : t('playbooks.admin.newTitle');
  return (
    <Dialog title={title} onClose={onClose} closeLabel={t('common.close')} size="lg">
      <form className="admin-form" onSubmit={handleSubmit} noValidate aria-label={title}>
        <Field label={t('playbooks.form.name')} error={errors.includes('name') ? t('playbooks.form.nameRequired') : undefined}>
          {(control) => <TextInput {...control} maxLength={120} value={form.name} onChange={(event) => change({ name: event.target.value })} />}
        </Field>
        <Field label={t('playbooks.form.description')}>
          {(control) => <TextArea {...control} rows={2} maxLength={2000} value={form.description} onChange={(event) => change({ description: event.target.value })} />}
        </Field>
        <label className="admin-check">
          <input type="checkbox" checked={form.enabled} onChange={(event) => change({ enabled: event.target.checked })} />
          {t('playbooks.form.enabled')}
        </label>
        <fieldset className="admin-fieldset">
          <legend className="admin-fieldset__legend">{t('playbooks.form.steps')}</legend>
          {errors.includes('steps') && <p className="rp-field__error">{t('playbooks.form.stepsRequired')}</p>}
          {form.steps.map((step, index) => {
            const number = index + 1;
            return (
              <div key={index} className="playbook-editor__step" data-testid="playbook-step-editor">
                <Field label={t('playbooks.form.stepTitle', { number })} error={errors.includes(`step:${index}`) ? t('playbooks.form.stepTitleRequired') : undefined}>
                  {(control) => <TextInput {...control} maxLength={200} value={step.title} onChange={(event) => changeStep(index, { title: event.target.value })} />}
                </Field>
                <Field label={t('playbooks.form.stepDetail', { number })}>
                  {(control) => <TextArea {...control} rows={2} maxLength={2000} value={step.detail} onChange={(event) => changeStep(index, { detail: event.target.value })} />}
                </Field>
                <div className="playbook-editor__step-actions">
                  <Button size="sm" variant="ghost" disabled={index === 0} aria-label={t('playbooks.form.moveUp', { number })} onClick={() => change({ steps: moveStep(form.steps, index, -1) })}>
                    <span aria-hidden="true">↑</span>
                  </Button>
                  <Button size="sm" variant="ghost" disabled={index === form.steps.length - 1} aria-label={t('playbooks.form.moveDown', { number })} onClick={() => change({ steps: moveStep(form.steps, index, 1) })}>
                    <span aria-hidden="true">↓</span>
                  </Button>
                  <Button size="sm" variant="ghost" disabled={form.steps.length === 1} onClick={() => change({ steps: form.steps.filter((_, at) => at !== index) })}>
                    {t('playbooks.form.removeStep', { number })}
                  </Button>
                </div>
              </div>
            );
          })}
          <div>
            <Button size="sm" disabled={form.steps.length >= 20} onClick={() => change({ steps: [...form.steps, { title: '', detail: '' }] })}>
              {t('playbooks.form.addStep')}
            </Button>
          </div>
        </fieldset>
        <Field label={t('playbooks.form.macro')} hint={t('playbooks.form.macroHint')}>
          {(control) => <Select {...control} value={form.suggestedMacroId} options={macroOptions} onChange={(event) => change({ suggestedMacroId: event.target.value })} />}
        </Field>
        <fieldset className="admin-fieldset">
          <legend className="admin-fieldset__legend">{t('playbooks.form.actions')}</legend>
          <div className="playbook-editor__checks">
            {resolutionActions.map((action) => (
              <label key={action} className="admin-check">
                <input
                  type="checkbox"
                  checked={form.allowedActions.includes(action)}
                  onChange={() =>
                    change({
                      allowedActions: form.allowedActions.includes(action)
                        ? form.allowedActions.filter((item) => item !== action)
                        : resolutionActions.filter((item) => item === action || form.allowedActions.includes(item)),
                    })
                  }
                />
                {t(actionKeys[action])}
              </label>
            ))}
          </div>
        </fieldset>
        {showErrors && errors.length > 0 && <Alert>{t('playbooks.form.fixErrors')}</Alert>}
        <AdminFormActions submitLabel={playbook ? t('playbooks.form.save') : t('playbooks.form.create')} mutation={mutation} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

function DeletePlaybookDialog({ playbook, onClose }: { playbook: PlaybookDto; onClose: () => void }) {
  const remove = useDeletePlaybook();
  return (
    <Dialog title={t('playbooks.admin.deleteTitle', { name: playbook.name })} onClose={onClose} closeLabel={t('common.close')}>
      <p>{t('playbooks.admin.deleteText')}</p>
      {remove.isError && <Alert>{describeError(remove.error)}</Alert>}
      <div className="admin-form__actions">
        <Button onClick={onClose} data-autofocus>
          {t('common.cancel')}
        </Button>
        <Button variant="danger" isBusy={remove.isPending} onClick={() => remove.mutate(playbook, { onSuccess: onClose })}>
          {t('playbooks.admin.deleteConfirm')}
        </Button>
      </div>
    </Dialog>
  );
}
