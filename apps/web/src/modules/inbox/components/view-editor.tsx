import { useState, type FormEvent } from 'react';
import type { ViewDto } from '@rapport/contracts/catalogue';
import { Channel, TicketStatus } from '@rapport/contracts/tickets';
import { Alert } from '@rapport/ui/alert';
import { Button } from '@rapport/ui/button';
import { Dialog } from '@rapport/ui/dialog';
import { Field } from '@rapport/ui/field';
import { useAnnounce } from '@rapport/ui/live-region';
import { Select } from '@rapport/ui/select';
import { TextInput } from '@rapport/ui/text-input';
import { describeError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { navigate } from '../../../router/router.tsx';
import { useCurrentSession } from '../../auth/components/session-context.tsx';
import { useAgents } from '../../ticket/hooks/use-agents.ts';
import { useCustomFieldDefinitions, useTeams } from '../../ticket/hooks/use-ticket-catalogues.ts';
import { useSaveView } from '../hooks/use-view-mutations.ts';
import { SlaFilterSelect } from '../../service/components/sla-filter-select.tsx';
import { emptyViewForm, filtersFromForm, formFromFilters, toggleIn, viewFormErrors, type CustomerTier, type ViewForm } from '../view-form.ts';

const tiers: readonly CustomerTier[] = ['standard', 'priority', 'enterprise'];

function CheckboxGroup<T extends string>({
  legend,
  values,
  selected,
  label,
  onToggle,
}: {
  legend: string;
  values: readonly T[];
  selected: readonly T[];
  label: (value: T) => string;
  onToggle: (value: T) => void;
}) {
  return (
    <fieldset className="view-editor__group">
      <legend className="rp-label">{legend}</legend>
      {values.map((value) => (
        <label key={value} className="view-editor__check">
          <input type="checkbox" checked={selected.includes(value)} onChange={() => onToggle(value)} />
          {label(value)}
        </label>
      ))}
    </fieldset>
  );
}

/** Create a view, or edit a saved one: its name, sharing and filters. */
export function ViewEditor({ view, onClose }: { view?: ViewDto; onClose: () => void }) {
  const session = useCurrentSession();
  const canShare = session.role === 'lead' || session.role === 'admin';
  const [form, setForm] = useState<ViewForm>(() => (view ? formFromFilters(view.name, view.isShared, view.filters) : emptyViewForm()));
  const [showErrors, setShowErrors] = useState(false);
  const agents = useAgents();
  const teams = useTeams();
  const fields = useCustomFieldDefinitions();
  const save = useSaveView();
  const announce = useAnnounce();
  const errors = viewFormErrors(form);
  const update = (changes: Partial<ViewForm>) => setForm((current) => ({ ...current, ...changes }));

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (errors.length > 0) {
      setShowErrors(true);
      return;
    }
    const filters = filtersFromForm(form);
    const body = { name: form.name.trim(), filters, ...(canShare || view ? { isShared: form.isShared } : {}) };
    save.mutate(
      { ...(view ? { id: view.id } : {}), body },
      {
        onSuccess: (saved) => {
          announce(t('inbox.editor.saved', { name: saved.name }));
          onClose();
          navigate(`/views/${saved.id}`);
        },
      },
    );
  }

  const assigneeOptions = [
    { value: '', label: t('inbox.editor.anyone') },
    { value: 'me', label: t('inbox.editor.me') },
    { value: 'none', label: t('inbox.editor.nobody') },
    ...(agents.data ?? []).map((agent) => ({ value: agent.id, label: agent.name })),
  ];
  const teamOptions = [{ value: '', label: t('inbox.editor.anyTeam') }, ...(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))];
  const fieldOptions = [{ value: '', label: t('inbox.editor.anyField') }, ...(fields.data ?? []).map((field) => ({ value: field.key, label: field.label }))];
  const chosenField = fields.data?.find((field) => field.key === form.fieldKey);

  return (
    <Dialog title={view ? t('inbox.editor.editTitle', { name: view.name }) : t('inbox.editor.newTitle')} onClose={onClose} closeLabel={t('common.close')} className="view-editor">
      <form onSubmit={handleSubmit} noValidate className="view-editor__form">
        <Field label={t('inbox.editor.name')} error={showErrors && errors.includes('name') ? t('inbox.editor.nameRequired') : undefined}>
          {(control) => <TextInput {...control} value={form.name} maxLength={100} onChange={(event) => update({ name: event.target.value })} />}
        </Field>
        <label className="view-editor__check">
          <input type="checkbox" checked={form.isShared} disabled={!canShare} aria-describedby={canShare ? undefined : 'view-editor-share-hint'} onChange={(event) => update({ isShared: event.target.checked })} />
          {t('inbox.editor.shared')}
        </label>
        {!canShare && (
          <p id="view-editor-share-hint" className="view-editor__hint">
            {t('inbox.editor.sharedHint')}
          </p>
        )}
        <CheckboxGroup
          legend={t('inbox.editor.status')}
          values={TicketStatus.options}
          selected={form.statuses}
          label={(status) => t(`inbox.status.${status}`)}
          onToggle={(status) => update({ statuses: toggleIn(form.statuses, status) })}
        />
        <div className="view-editor__row">
          <Field label={t('inbox.editor.assignee')}>
            {(control) => <Select {...control} options={assigneeOptions} value={form.assignee} onChange={(event) => update({ assignee: event.target.value })} />}
          </Field>
          <Field label={t('inbox.editor.team')}>
            {(control) => <Select {...control} options={teamOptions} value={form.team} onChange={(event) => update({ team: event.target.value })} />}
          </Field>
        </div>
        <div className="view-editor__row">
          <Field label={t('inbox.editor.tag')}>
            {(control) => <TextInput {...control} value={form.tag} maxLength={50} onChange={(event) => update({ tag: event.target.value })} />}
          </Field>
          <Field label={t('inbox.editor.language')} hint={t('inbox.editor.languageHint')}>
            {(control) => <TextInput {...control} value={form.languages} onChange={(event) => update({ languages: event.target.value })} />}
          </Field>
        </div>
        <CheckboxGroup
          legend={t('inbox.editor.channel')}
          values={Channel.options}
          selected={form.channels}
          label={(channel) => t(`inbox.channel.${channel}`)}
          onToggle={(channel) => update({ channels: toggleIn(form.channels, channel) })}
        />
        <CheckboxGroup
          legend={t('inbox.editor.tier')}
          values={tiers}
          selected={form.tiers}
          label={(tier) => t(`inbox.tier.${tier}`)}
          onToggle={(tier) => update({ tiers: toggleIn(form.tiers, tier) })}
        />
        <SlaFilterSelect value={form.sla} onChange={(sla) => update({ sla })} />
        <div className="view-editor__row">
          <Field label={t('inbox.editor.field')}>
            {(control) => <Select {...control} options={fieldOptions} value={form.fieldKey} onChange={(event) => update({ fieldKey: event.target.value })} />}
          </Field>
          {form.fieldKey && (
            <Field label={t('inbox.editor.fieldValue')} error={showErrors && errors.includes('fieldValue') ? t('inbox.editor.fieldValueRequired') : undefined}>
              {(control) =>
                chosenField && chosenField.options.length > 0 ? (
                  <Select
                    {...control}
                    options={[{ value: '', label: '' }, ...chosenField.options.map((option) => ({ value: option, label: option }))]}
                    value={form.fieldValue}
                    onChange={(event) => update({ fieldValue: event.target.value })}
                  />
                ) : (
                  <TextInput {...control} value={form.fieldValue} maxLength={200} onChange={(event) => update({ fieldValue: event.target.value })} />
                )
              }
            </Field>
          )}
        </div>
        {save.isError && <Alert>{describeError(save.error)}</Alert>}
        <div className="view-editor__actions">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="primary" isBusy={save.isPending}>
            {save.isPending ? t('common.saving') : t('inbox.editor.save')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
