import { useEffect, useRef, useState, type FormEvent } from 'react';
import { automationTriggers, type AutomationDto } from '@rapport/contracts/automations';
import { Alert } from '@rapport/ui/alert';
import { Button } from '@rapport/ui/button';
import { Dialog } from '@rapport/ui/dialog';
import { Field } from '@rapport/ui/field';
import { Select, type SelectOption } from '@rapport/ui/select';
import { TextArea } from '@rapport/ui/text-area';
import { TextInput } from '@rapport/ui/text-input';
import { describeError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { useAdminTeams } from '../../admin/hooks/use-admin-api.ts';
import { useAgents } from '../../ticket/hooks/use-agents.ts';
import {
  actionTypes,
  automationFormErrors,
  bodyFromAutomationForm,
  conditionFields,
  delayUnits,
  emptyAction,
  emptyAutomationForm,
  emptyCondition,
  errorAt,
  formFromAutomation,
  notifyTargets,
  operatorsFor,
  priorities,
  serverFieldErrors,
  ticketStatuses,
  timeAnchors,
  unplacedErrors,
  valueKind,
  withField,
  type ActionRow,
  type AutomationForm,
  type ConditionGroup,
  type ConditionRow,
  type FormErrors,
} from '../automation-form.ts';
import { choiceLabel, choiceValues } from '../automation-words.ts';
import { useCreateAutomation, useUpdateAutomation } from '../automations-api.ts';

const maxRows = 20;

interface Pickers {
  teams: SelectOption[];
  agents: SelectOption[];
}

/** Options with a saved value the lists no longer hold (a deleted team, a departed agent) kept visible. */
function withSaved(options: SelectOption[], value: string): SelectOption[] {
  if (!value || options.some((option) => option.value === value)) return options;
  return [...options, { value, label: t('automations.form.formerValue') }];
}

/**
 * Creates or edits an automation (P7): what sets it off (for time rules, which moment of the ticket
 * and how long after), the conditions in two groups, and the actions. The form checks what it can
 * before sending; the server's refusals show at the fields they name.
 */
export function AutomationEditor({ automation, onClose }: { automation: AutomationDto | undefined; onClose: () => void }) {
  const [form, setForm] = useState<AutomationForm>(() => (automation ? formFromAutomation(automation) : emptyAutomationForm()));
  const [showErrors, setShowErrors] = useState(false);
  // Bumped when a send fails on a field: focus moves to the first marked one.
  const [focusRequest, setFocusRequest] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const create = useCreateAutomation();
  const update = useUpdateAutomation();
  const mutation = automation ? update : create;
  const teams = useAdminTeams();
  const agents = useAgents();
  const pickers: Pickers = {
    teams: (teams.data ?? []).map((team) => ({ value: team.id, label: team.name })),
    agents: (agents.data ?? []).map((user) => ({ value: user.id, label: user.name })),
  };
  const fromServer = serverFieldErrors(mutation.error);
  const errors: FormErrors = { ...fromServer, ...(showErrors ? automationFormErrors(form) : {}) };
  // The server's messages no field shows; when every one has its field, a pointer to them.
  const loose = unplacedErrors(fromServer, form);
  const isServerErrorPlaced = Object.keys(fromServer).length > 0 && loose.length === 0;

  useEffect(() => {
    if (focusRequest > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [focusRequest]);

  const change = (changes: Partial<AutomationForm>) => {
    setForm((current) => ({ ...current, ...changes }));
    if (mutation.isError) mutation.reset();
  };
  const changeCondition = (group: ConditionGroup, key: string, next: (row: ConditionRow) => ConditionRow) =>
    change({ [group]: form[group].map((row) => (row.key === key ? next(row) : row)) });
  const changeAction = (key: string, changes: Partial<ActionRow>) => change({ actions: form.actions.map((row) => (row.key === key ? { ...row, ...changes } : row)) });

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (mutation.isPending) return;
    if (Object.keys(automationFormErrors(form)).length > 0) {
      setShowErrors(true);
      setFocusRequest((count) => count + 1);
      return;
    }
    const body = bodyFromAutomationForm(form);
    const callbacks = { onSuccess: onClose, onError: () => setFocusRequest((count) => count + 1) };
    if (automation) update.mutate({ id: automation.id, body }, callbacks);
    else create.mutate(body, callbacks);
  }

  const title = automation ? t('automations.admin.editTitle', { name: automation.name }) : t('automations.admin.newTitle');
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Dialog title={title} onClose={onClose} closeLabel={t('common.close')} size="lg">
      <form ref={formRef} className="admin-form automation-editor" onSubmit={handleSubmit} noValidate aria-label={title} data-testid="automation-editor">
        <Field label={t('automations.form.name')} error={errorAt(errors, 'name')}>
          {(control) => <TextInput {...control} maxLength={120} value={form.name} onChange={(event) => change({ name: event.target.value })} />}
        </Field>
        <Field label={t('automations.form.description')} error={errorAt(errors, 'description')}>
          {(control) => <TextArea {...control} rows={2} maxLength={2000} value={form.description} onChange={(event) => change({ description: event.target.value })} />}
        </Field>
        <label className="admin-check">
          <input type="checkbox" checked={form.enabled} onChange={(event) => change({ enabled: event.target.checked })} />
          {t('automations.form.enabled')}
        </label>
        <Field label={t('automations.form.trigger')} error={errorAt(errors, 'trigger')}>
          {(control) => (
            <Select
              {...control}
              value={form.trigger}
              options={automationTriggers.map((trigger) => ({ value: trigger, label: t(`automations.trigger.${trigger}`) }))}
              onChange={(event) => change({ trigger: event.target.value as AutomationForm['trigger'] })}
            />
          )}
        </Field>
        {form.trigger === 'time' && (
          <fieldset className="admin-fieldset automation-editor__time">
            <legend className="admin-fieldset__legend">{t('automations.trigger.time')}</legend>
            <div className="admin-form__row">
              <Field label={t('automations.form.delay')} error={errorAt(errors, 'time')}>
                {(control) => (
                  <TextInput {...control} inputMode="numeric" className="automation-editor__amount" value={form.delayAmount} onChange={(event) => change({ delayAmount: event.target.value })} />
                )}
              </Field>
              <Field label={t('automations.form.delayUnit')}>
                {(control) => (
                  <Select
                    {...control}
                    value={form.delayUnit}
                    options={delayUnits.map((unit) => ({ value: unit, label: t(`automations.unit.${unit}`) }))}
                    onChange={(event) => change({ delayUnit: event.target.value as AutomationForm['delayUnit'] })}
                  />
                )}
              </Field>
              <Field label={t('automations.form.anchor')}>
                {(control) => (
                  <Select
                    {...control}
                    value={form.anchor}
                    options={timeAnchors.map((anchor) => ({ value: anchor, label: t(`automations.anchor.${anchor}`) }))}
                    onChange={(event) => change({ anchor: event.target.value as AutomationForm['anchor'] })}
                  />
                )}
              </Field>
            </div>
            <label className="admin-check">
              <input type="checkbox" checked={form.businessHours} onChange={(event) => change({ businessHours: event.target.checked })} />
              {t('automations.form.businessHours')}
            </label>
          </fieldset>
        )}
        <fieldset className="admin-fieldset">
          <legend className="admin-fieldset__legend">{t('automations.form.conditions')}</legend>
          {(['all', 'any'] as const).map((group) => (
            <ConditionGroupEditor
              key={group}
              group={group}
              rows={form[group]}
              errors={errors}
              pickers={pickers}
              onAdd={() => change({ [group]: [...form[group], emptyCondition()] })}
              onRemove={(key) => change({ [group]: form[group].filter((row) => row.key !== key) })}
              onChange={(key, next) => changeCondition(group, key, next)}
            />
          ))}
        </fieldset>
        <fieldset className="admin-fieldset">
          <legend className="admin-fieldset__legend">{t('automations.form.actions')}</legend>
          {errors['actions'] && <p className="rp-field__error">{errors['actions']}</p>}
          <ol className="automation-editor__rows">
            {form.actions.map((row, index) => (
              <ActionRowEditor
                key={row.key}
                row={row}
                number={index + 1}
                error={errorAt(errors, `actions.${index}`)}
                pickers={pickers}
                onChange={(changes) => changeAction(row.key, changes)}
                onRemove={() => change({ actions: form.actions.filter((item) => item.key !== row.key) })}
              />
            ))}
          </ol>
          <div>
            <Button size="sm" disabled={form.actions.length >= maxRows} onClick={() => change({ actions: [...form.actions, emptyAction()] })}>
              {t('automations.form.addAction')}
            </Button>
          </div>
        </fieldset>
        {((showErrors && hasErrors && !mutation.isError) || isServerErrorPlaced) && <Alert>{t('automations.form.fixErrors')}</Alert>}
        {loose.map((message) => (
          <Alert key={message}>{message}</Alert>
        ))}
        {mutation.isError && Object.keys(fromServer).length === 0 && <Alert>{describeError(mutation.error)}</Alert>}
        <div className="admin-form__actions">
          <Button type="submit" variant="primary" isBusy={mutation.isPending}>
            {automation ? t('automations.form.save') : t('automations.form.create')}
          </Button>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
        </div>
      </form>
    </Dialog>
  );
}

function ConditionGroupEditor({
  group,
  rows,
  errors,
  pickers,
  onAdd,
  onRemove,
  onChange,
}: {
  group: ConditionGroup;
  rows: ConditionRow[];
  errors: FormErrors;
  pickers: Pickers;
  onAdd: () => void;
  onRemove: (key: string) => void;
  onChange: (key: string, next: (row: ConditionRow) => ConditionRow) => void;
}) {
  const headingId = `automation-conditions-${group}`;
  return (
    <section className="automation-editor__group" aria-labelledby={headingId} data-testid={`automation-conditions-${group}`}>
      <h3 id={headingId} className="automation-editor__group-title">
        {t(group === 'all' ? 'automations.form.all' : 'automations.form.any')}
      </h3>
      <p className="admin-muted">{t(group === 'all' ? 'automations.form.allHint' : 'automations.form.anyHint')}</p>
      {rows.length > 0 && (
        <ol className="automation-editor__rows">
          {rows.map((row, index) => {
            const number = index + 1;
            const error = errorAt(errors, `conditions.${group}.${index}`);
            return (
              <li key={row.key} className="automation-editor__row" data-testid="automation-condition">
                <Field label={t('automations.form.conditionField', { number })}>
                  {(control) => (
                    <Select
                      {...control}
                      value={row.field}
                      options={conditionFields.map((field) => ({ value: field, label: t(`automations.field.${field}`) }))}
                      onChange={(event) => onChange(row.key, (current) => withField(current, event.target.value as ConditionRow['field']))}
                    />
                  )}
                </Field>
                <Field label={t('automations.form.conditionOperator', { number })}>
                  {(control) => (
                    <Select
                      {...control}
                      value={row.operator}
                      options={operatorsFor(row.field).map((operator) => ({ value: operator, label: t(`automations.operator.${operator}`) }))}
                      onChange={(event) => onChange(row.key, (current) => ({ ...current, operator: event.target.value as ConditionRow['operator'] }))}
                    />
                  )}
                </Field>
                <Field label={t('automations.form.conditionValue', { number })} error={error}>
                  {(control) => <ConditionValue control={control} row={row} pickers={pickers} onChange={(value) => onChange(row.key, (current) => ({ ...current, value }))} />}
                </Field>
                <Button size="sm" variant="ghost" className="automation-editor__remove" onClick={() => onRemove(row.key)}>
                  {t('automations.form.removeCondition', { number })}
                </Button>
              </li>
            );
          })}
        </ol>
      )}
      {rows.length === 0 && <p className="admin-muted">{t('automations.form.noConditions')}</p>}
      <div>
        <Button size="sm" disabled={rows.length >= maxRows} onClick={onAdd} aria-label={`${t('automations.form.addCondition')}: ${t(group === 'all' ? 'automations.form.all' : 'automations.form.any')}`}>
          {t('automations.form.addCondition')}
        </Button>
      </div>
    </section>
  );
}

type ControlProps = Parameters<Parameters<typeof Field>[0]['children']>[0];

function ConditionValue({ control, row, pickers, onChange }: { control: ControlProps; row: ConditionRow; pickers: Pickers; onChange: (value: string) => void }) {
  switch (valueKind(row.field)) {
    case 'choice':
      return <Select {...control} value={row.value} options={choiceValues(row.field).map((value) => ({ value, label: choiceLabel(row.field, value) }))} onChange={(event) => onChange(event.target.value)} />;
    case 'team':
      return <Select {...control} value={row.value} options={withSaved([{ value: '', label: t('automations.form.noTeam') }, ...pickers.teams], row.value)} onChange={(event) => onChange(event.target.value)} />;
    case 'agent':
      return <Select {...control} value={row.value} options={withSaved([{ value: '', label: t('automations.form.unassigned') }, ...pickers.agents], row.value)} onChange={(event) => onChange(event.target.value)} />;
    case 'text':
      return (
        <TextInput
          {...control}
          value={row.value}
          maxLength={row.field === 'subject' ? 200 : row.field === 'language' ? 20 : 100}
          placeholder={row.field === 'language' ? t('automations.form.noLanguage') : undefined}
          onChange={(event) => onChange(event.target.value)}
        />
      );
  }
}

function ActionRowEditor({
  row,
  number,
  error,
  pickers,
  onChange,
  onRemove,
}: {
  row: ActionRow;
  number: number;
  error: string | undefined;
  pickers: Pickers;
  onChange: (changes: Partial<ActionRow>) => void;
  onRemove: () => void;
}) {
  return (
    <li className="automation-editor__row" data-testid="automation-action">
      <Field label={t('automations.form.actionType', { number })}>
        {(control) => (
          <Select
            {...control}
            value={row.type}
            options={actionTypes.map((type) => ({ value: type, label: t(`automations.action.${type}`) }))}
            onChange={(event) => onChange({ type: event.target.value as ActionRow['type'] })}
          />
        )}
      </Field>
      {row.type === 'set_status' && (
        <Field label={t('automations.form.actionStatus', { number })} error={error}>
          {(control) => (
            <Select
              {...control}
              value={row.status}
              options={ticketStatuses.map((status) => ({ value: status, label: choiceLabel('status', status) }))}
              onChange={(event) => onChange({ status: event.target.value as ActionRow['status'] })}
            />
          )}
        </Field>
      )}
      {row.type === 'set_priority' && (
        <Field label={t('automations.form.actionPriority', { number })} error={error}>
          {(control) => (
            <Select
              {...control}
              value={row.priority}
              options={priorities.map((priority) => ({ value: priority, label: choiceLabel('priority', priority) }))}
              onChange={(event) => onChange({ priority: event.target.value as ActionRow['priority'] })}
            />
          )}
        </Field>
      )}
      {row.type === 'assign_team' && (
        <Field label={t('automations.form.actionTeam', { number })} error={error}>
          {(control) => (
            <Select {...control} value={row.teamId} options={withSaved([{ value: '', label: t('automations.form.noTeam') }, ...pickers.teams], row.teamId)} onChange={(event) => onChange({ teamId: event.target.value })} />
          )}
        </Field>
      )}
      {row.type === 'assign_agent' && (
        <Field label={t('automations.form.actionAgent', { number })} error={error}>
          {(control) => (
            <Select {...control} value={row.userId} options={withSaved([{ value: '', label: t('automations.form.unassign') }, ...pickers.agents], row.userId)} onChange={(event) => onChange({ userId: event.target.value })} />
          )}
        </Field>
      )}
      {(row.type === 'add_tags' || row.type === 'remove_tags') && (
        <Field label={t('automations.form.actionTags', { number })} error={error}>
          {(control) => <TextInput {...control} value={row.tags} onChange={(event) => onChange({ tags: event.target.value })} />}
        </Field>
      )}
      {row.type === 'add_note' && (
        <Field label={t('automations.form.actionNote', { number })} error={error}>
          {(control) => <TextArea {...control} rows={2} maxLength={5000} value={row.text} onChange={(event) => onChange({ text: event.target.value })} />}
        </Field>
      )}
      {row.type === 'notify' && (
        <>
          <Field label={t('automations.form.actionNotifyTo', { number })}>
            {(control) => (
              <Select
                {...control}
                value={row.to}
                options={notifyTargets.map((to) => ({ value: to, label: t(`automations.notify.${to}`) }))}
                onChange={(event) => onChange({ to: event.target.value as ActionRow['to'] })}
              />
            )}
          </Field>
          <Field label={t('automations.form.actionNotifyText', { number })} error={error}>
            {(control) => <TextInput {...control} maxLength={500} value={row.text} onChange={(event) => onChange({ text: event.target.value })} />}
          </Field>
        </>
      )}
      <Button size="sm" variant="ghost" className="automation-editor__remove" onClick={onRemove}>
        {t('automations.form.removeAction', { number })}
      </Button>
    </li>
  );
}
