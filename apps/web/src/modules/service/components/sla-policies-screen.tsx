import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { SlaPolicyDto } from '@rapport/contracts/service';
import { Channel, Priority } from '@rapport/contracts/tickets';
import { Alert } from '@rapport/ui/alert';
import { Badge } from '@rapport/ui/badge';
import { Button } from '@rapport/ui/button';
import { Dialog } from '@rapport/ui/dialog';
import { Field } from '@rapport/ui/field';
import { useAnnounce } from '@rapport/ui/live-region';
import { Spinner } from '@rapport/ui/spinner';
import { TextInput } from '@rapport/ui/text-input';
import { describeError } from '../../../api/api-error.ts';
import { t, type MessageKey } from '../../../i18n/i18n.ts';
import { AdminCard, AdminFormActions, AdminPage } from '../../admin/components/admin-page.tsx';
import { formatDuration, moveId } from '../sla-format.ts';
import { bodyFromPolicyForm, emptyPolicyForm, formFromPolicy, policyFormErrors, targetNames, tiers, type SlaPolicyForm, type TargetName } from '../sla-policy-form.ts';
import { useCreateSlaPolicy, useDeleteSlaPolicy, useReorderSlaPolicies, useSlaPolicies, useUpdateSlaPolicy } from '../service-api.ts';
import { ServerIssues } from './server-issues.tsx';
import './service.css';

const priorityKeys: Record<Priority, MessageKey> = { low: 'service.priority.low', normal: 'service.priority.normal', high: 'service.priority.high', urgent: 'service.priority.urgent' };
const targetKeys: Record<TargetName, MessageKey> = { firstReply: 'service.metric.first_reply', nextReply: 'service.metric.next_reply', resolution: 'service.metric.resolution' };
const targetFields = { firstReply: 'firstReplyMinutes', nextReply: 'nextReplyMinutes', resolution: 'resolutionMinutes' } as const;

type Editing = { kind: 'new' } | { kind: 'edit'; policy: SlaPolicyDto } | null;

/** The SLA policies in the order they are tried: move, add, edit, delete. */
export function SlaPoliciesScreen() {
  const policies = useSlaPolicies();
  const reorder = useReorderSlaPolicies();
  const announce = useAnnounce();
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<SlaPolicyDto | null>(null);
  // After a move, focus stays on the moved policy's button (or its other move button at either end).
  const [focusAfterMove, setFocusAfterMove] = useState<{ id: string; direction: 'up' | 'down' } | null>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const items = policies.data ?? [];

  useEffect(() => {
    if (!focusAfterMove || !listRef.current) return;
    const find = (direction: 'up' | 'down') => listRef.current?.querySelector<HTMLButtonElement>(`[data-move="${focusAfterMove.id}:${direction}"]`);
    const same = find(focusAfterMove.direction);
    const target = same && !same.disabled ? same : find(focusAfterMove.direction === 'up' ? 'down' : 'up');
    target?.focus();
    setFocusAfterMove(null);
  }, [focusAfterMove, items]);

  function move(index: number, delta: -1 | 1) {
    const policy = items[index];
    if (!policy) return;
    const ids = moveId(
      items.map((item) => item.id),
      index,
      delta,
    );
    reorder.mutate(ids, { onSuccess: () => announce(t('service.policies.moved', { name: policy.name, position: index + delta + 1, count: ids.length })) });
    setFocusAfterMove({ id: policy.id, direction: delta < 0 ? 'up' : 'down' });
  }

  return (
    <AdminPage title={t('service.policies.title')} permission="service.manage" intro={t('service.policies.intro')}>
      <AdminCard title={t('service.policies.listLabel')} id="service-policies-heading">
        {policies.isPending && <Spinner label={t('service.policies.loading')} isLabelVisible />}
        {policies.isError && <Alert>{describeError(policies.error)}</Alert>}
        {policies.isSuccess && items.length === 0 && <p className="admin-muted">{t('service.policies.empty')}</p>}
        {reorder.isError && <Alert>{describeError(reorder.error)}</Alert>}
        {items.length > 0 && (
          <ol ref={listRef} className="admin-list" aria-labelledby="service-policies-heading">
            {items.map((policy, index) => (
              <li key={policy.id} className="admin-list__item" data-testid="sla-policy">
                <div className="admin-list__main">
                  <span className="admin-list__headline">
                    <span className="service-policy__position">{t('service.policies.position', { position: index + 1 })}</span>
                    <span className="admin-list__primary">{policy.name}</span>
                    {!policy.enabled && <Badge tone="tag">{t('service.policies.disabled')}</Badge>}
                  </span>
                  <span className="admin-list__secondary">{conditionsText(policy)}</span>
                  <span className="admin-list__secondary">{targetsText(policy)}</span>
                </div>
                <div className="admin-list__actions">
                  <Button
                    size="sm"
                    variant="ghost"
                    data-move={`${policy.id}:up`}
                    disabled={index === 0 || reorder.isPending}
                    aria-label={t('service.policies.moveUp', { name: policy.name })}
                    onClick={() => move(index, -1)}
                  >
                    <span aria-hidden="true">↑</span>
                  </Button>
                  <Button
                    size="sm"
                    variant="ghost"
                    data-move={`${policy.id}:down`}
                    disabled={index === items.length - 1 || reorder.isPending}
                    aria-label={t('service.policies.moveDown', { name: policy.name })}
                    onClick={() => move(index, 1)}
                  >
                    <span aria-hidden="true">↓</span>
                  </Button>
                  <Button size="sm" aria-label={t('service.policies.edit', { name: policy.name })} onClick={() => setEditing({ kind: 'edit', policy })}>
                    {t('common.edit')}
                  </Button>
                  <Button size="sm" variant="danger" aria-label={t('service.policies.delete', { name: policy.name })} onClick={() => setDeleting(policy)}>
                    {t('common.delete')}
                  </Button>
                </div>
              </li>
            ))}
          </ol>
        )}
        <div>
          <Button variant="primary" onClick={() => setEditing({ kind: 'new' })}>
            {t('service.policies.new')}
          </Button>
        </div>
      </AdminCard>
      {editing && <PolicyDialog policy={editing.kind === 'edit' ? editing.policy : undefined} onClose={() => setEditing(null)} />}
      {deleting && <DeletePolicyDialog policy={deleting} onClose={() => setDeleting(null)} />}
    </AdminPage>
  );
}

function listOrAny(values: readonly string[], label: (value: string) => string, any: string): string {
  return values.length === 0 ? any : values.map(label).join(', ');
}

function conditionsText(policy: SlaPolicyDto): string {
  return [
    listOrAny(policy.priorities, (value) => t(priorityKeys[value as Priority]), t('service.policies.anyPriority')),
    listOrAny(policy.tiers, (value) => t(`inbox.tier.${value}` as MessageKey), t('service.policies.anyTier')),
    listOrAny(policy.channels, (value) => t(`inbox.channel.${value}` as MessageKey), t('service.policies.anyChannel')),
  ].join(' · ');
}

function targetsText(policy: SlaPolicyDto): string {
  const targets = targetNames.flatMap((name) => {
    const minutes = policy[targetFields[name]];
    return minutes === null ? [] : [t('service.policies.target', { metric: t(targetKeys[name]), time: formatDuration(minutes) })];
  });
  return [
    ...targets,
    policy.businessHours ? t('service.policies.businessHours') : t('service.policies.calendarTime'),
    t('service.policies.warn', { time: formatDuration(policy.warnMinutes) }),
  ].join(' · ');
}

function CheckboxGroup<T extends string>({ legend, values, selected, label, onChange }: { legend: string; values: readonly T[]; selected: readonly T[]; label: (value: T) => string; onChange: (next: T[]) => void }) {
  return (
    <fieldset className="admin-fieldset">
      <legend className="admin-fieldset__legend">{legend}</legend>
      <div className="service-checks">
        {values.map((value) => (
          <label key={value} className="admin-check">
            <input
              type="checkbox"
              checked={selected.includes(value)}
              onChange={() => onChange(selected.includes(value) ? selected.filter((item) => item !== value) : [...selected, value])}
            />
            {label(value)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function PolicyDialog({ policy, onClose }: { policy: SlaPolicyDto | undefined; onClose: () => void }) {
  const [form, setForm] = useState<SlaPolicyForm>(() => (policy ? formFromPolicy(policy) : emptyPolicyForm()));
  const [showErrors, setShowErrors] = useState(false);
  const create = useCreateSlaPolicy();
  const update = useUpdateSlaPolicy();
  const mutation = policy ? update : create;
  const errors = showErrors ? policyFormErrors(form) : [];
  const change = (changes: Partial<SlaPolicyForm>) => setForm((current) => ({ ...current, ...changes }));
  const changeTarget = (name: TargetName, changes: Partial<SlaPolicyForm['targets'][TargetName]>) =>
    setForm((current) => ({ ...current, targets: { ...current.targets, [name]: { ...current.targets[name], ...changes } } }));

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (policyFormErrors(form).length > 0) {
      setShowErrors(true);
      return;
    }
    const body = bodyFromPolicyForm(form);
    if (policy) update.mutate({ id: policy.id, body }, { onSuccess: onClose });
    else create.mutate(body, { onSuccess: onClose });
  }

  const title = policy ? t('service.policies.editTitle', { name: policy.name }) : t('service.policies.newTitle');
  return (
    <Dialog title={title} onClose={onClose} closeLabel={t('common.close')} size="lg">
      <form className="admin-form" onSubmit={handleSubmit} noValidate aria-label={title}>
        <Field label={t('service.form.name')} error={errors.includes('name') ? t('service.form.nameRequired') : undefined}>
          {(control) => <TextInput {...control} maxLength={100} value={form.name} onChange={(event) => change({ name: event.target.value })} />}
        </Field>
        <label className="admin-check">
          <input type="checkbox" checked={form.enabled} onChange={(event) => change({ enabled: event.target.checked })} />
          {t('service.form.enabled')}
        </label>
        <fieldset className="admin-fieldset" aria-describedby="sla-conditions-hint">
          <legend className="admin-fieldset__legend">{t('service.form.conditions')}</legend>
          <p id="sla-conditions-hint" className="admin-muted">
            {t('service.form.conditionsHint')}
          </p>
          <CheckboxGroup legend={t('service.form.priorities')} values={Priority.options} selected={form.priorities} label={(value) => t(priorityKeys[value])} onChange={(priorities) => change({ priorities })} />
          <CheckboxGroup legend={t('service.form.tiers')} values={tiers} selected={form.tiers} label={(value) => t(`inbox.tier.${value}`)} onChange={(next) => change({ tiers: next })} />
          <CheckboxGroup legend={t('service.form.channels')} values={Channel.options} selected={form.channels} label={(value) => t(`inbox.channel.${value}`)} onChange={(channels) => change({ channels })} />
        </fieldset>
        <fieldset className="admin-fieldset">
          <legend className="admin-fieldset__legend">{t('service.form.targets')}</legend>
          {errors.includes('noTarget') && <p className="rp-field__error">{t('service.form.targetRequired')}</p>}
          {targetNames.map((name) => {
            const target = form.targets[name];
            const metric = t(targetKeys[name]);
            const invalid = errors.includes(`target:${name}`);
            return (
              <fieldset key={name} className="service-target" data-testid={`sla-target-${name}`} aria-describedby={invalid ? `sla-target-${name}-error` : undefined}>
                <legend className="rp-label">{metric}</legend>
                <label className="admin-check">
                  <input type="checkbox" checked={target.isNone} onChange={(event) => changeTarget(name, { isNone: event.target.checked, ...(event.target.checked ? {} : { hours: target.hours || '1', minutes: target.minutes || '0' }) })} />
                  {t('service.form.noTarget')}
                </label>
                <div className="service-target__inputs">
                  <Field label={t('service.form.hours')}>
                    {(control) => (
                      <TextInput {...control} type="number" inputMode="numeric" min={0} step={1} disabled={target.isNone} aria-invalid={invalid || undefined} value={target.hours} onChange={(event) => changeTarget(name, { hours: event.target.value })} />
                    )}
                  </Field>
                  <Field label={t('service.form.minutes')}>
                    {(control) => (
                      <TextInput {...control} type="number" inputMode="numeric" min={0} max={59} step={1} disabled={target.isNone} aria-invalid={invalid || undefined} value={target.minutes} onChange={(event) => changeTarget(name, { minutes: event.target.value })} />
                    )}
                  </Field>
                </div>
                {invalid && (
                  <p id={`sla-target-${name}-error`} className="rp-field__error">
                    {t('service.form.targetInvalid')}
                  </p>
                )}
              </fieldset>
            );
          })}
        </fieldset>
        <fieldset className="admin-fieldset">
          <legend className="admin-fieldset__legend">{t('service.form.clock')}</legend>
          <label className="admin-check">
            <input type="radio" name="sla-clock" checked={form.businessHours} onChange={() => change({ businessHours: true })} />
            {t('service.form.clockBusiness')}
          </label>
          <label className="admin-check">
            <input type="radio" name="sla-clock" checked={!form.businessHours} onChange={() => change({ businessHours: false })} />
            {t('service.form.clockCalendar')}
          </label>
        </fieldset>
        <Field label={t('service.form.warnMinutes')} hint={t('service.form.warnHint')} error={errors.includes('warnMinutes') ? t('service.form.warnInvalid') : undefined}>
          {(control) => <TextInput {...control} type="number" inputMode="numeric" min={0} step={1} value={form.warnMinutes} onChange={(event) => change({ warnMinutes: event.target.value })} />}
        </Field>
        {showErrors && errors.length > 0 && <Alert>{t('service.hours.fixErrors')}</Alert>}
        <AdminFormActions submitLabel={policy ? t('service.form.save') : t('service.form.create')} mutation={mutation} onCancel={onClose} />
        {mutation.isError && <ServerIssues error={mutation.error} />}
      </form>
    </Dialog>
  );
}

function DeletePolicyDialog({ policy, onClose }: { policy: SlaPolicyDto; onClose: () => void }) {
  const remove = useDeleteSlaPolicy();
  return (
    <Dialog title={t('service.policies.deleteTitle', { name: policy.name })} onClose={onClose} closeLabel={t('common.close')}>
      <p>{t('service.policies.deleteText')}</p>
      {remove.isError && <Alert>{describeError(remove.error)}</Alert>}
      <div className="admin-form__actions">
        <Button onClick={onClose} data-autofocus>
          {t('common.cancel')}
        </Button>
        <Button variant="danger" isBusy={remove.isPending} onClick={() => remove.mutate(policy, { onSuccess: onClose })}>
          {t('service.policies.deleteConfirm')}
        </Button>
      </div>
    </Dialog>
  );
}
