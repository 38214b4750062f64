import { useRef, useState, type FormEvent } from 'react';
import type { SlaMetric } from '@rapport/contracts/tickets';
import { Dialog } from '@rapport/ui/dialog';
import { Field } from '@rapport/ui/field';
import { useAnnounce } from '@rapport/ui/live-region';
import { SegmentedControl } from '@rapport/ui/segmented-control';
import { Select } from '@rapport/ui/select';
import { TextInput } from '@rapport/ui/text-input';
import { t } from '../../../i18n/i18n.ts';
import { formatDuration, metricKeys } from '../../service/sla-format.ts';
import { extensionMinutes, reasonError, type ExtendUnit } from '../override-logic.ts';
import { useOverrideSla } from '../overrides-api.ts';
import { OverrideFormFooter, OverrideReasonField } from './override-form-parts.tsx';
import './overrides.css';

type Action = 'extend' | 'waive';

/**
 * Override one SLA clock (P7, leads and admins): add time (minutes or hours) or waive it, with a
 * required reason. The answer says when a breach stays on record.
 */
export function SlaOverrideDialog({ ticketRef, metric, canExtend, onClose }: { ticketRef: string; metric: SlaMetric; canExtend: boolean; onClose: () => void }) {
  const [action, setAction] = useState<Action>(canExtend ? 'extend' : 'waive');
  const [amount, setAmount] = useState('1');
  const [unit, setUnit] = useState<ExtendUnit>('hours');
  const [reason, setReason] = useState('');
  const [amountError, setAmountError] = useState<string | null>(null);
  const [reasonProblem, setReasonProblem] = useState<string | null>(null);
  const amountRef = useRef<HTMLInputElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const override = useOverrideSla(ticketRef);
  const announce = useAnnounce();
  const metricName = t(metricKeys[metric]);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (override.isPending) return;
    const extension = action === 'extend' ? extensionMinutes(amount, unit) : null;
    const problem = reasonError(reason);
    setAmountError(extension && 'error' in extension ? t(extension.error) : null);
    setReasonProblem(problem ? t(problem) : null);
    if (extension && 'error' in extension) {
      amountRef.current?.focus();
      return;
    }
    if (problem) {
      reasonRef.current?.focus();
      return;
    }
    const body = extension ? { action: 'extend' as const, minutes: extension.minutes, reason: reason.trim() } : { action: 'waive' as const, reason: reason.trim() };
    override.mutate(
      { metric, body },
      {
        onSuccess: (clocks) => {
          const clock = clocks.items.find((item) => item.metric === metric);
          const done = extension ? t('overrides.sla.doneExtend', { metric: metricName, time: formatDuration(extension.minutes) }) : t('overrides.sla.doneWaive', { metric: metricName });
          announce(extension && clock?.breachedAt ? `${done}. ${t('overrides.sla.breachKept')}` : done);
          onClose();
        },
      },
    );
  }

  return (
    <Dialog title={t('overrides.sla.title', { metric: metricName.toLowerCase() })} onClose={onClose} closeLabel={t('common.close')}>
      <form className="rp-dialog__form" noValidate onSubmit={handleSubmit} data-testid="sla-override-dialog">
        <p>{t('overrides.sla.intro')}</p>
        {canExtend && (
          <SegmentedControl<Action>
            label={t('overrides.sla.action')}
            options={[
              { value: 'extend', label: t('overrides.sla.extend') },
              { value: 'waive', label: t('overrides.sla.waive') },
            ]}
            value={action}
            onChange={setAction}
          />
        )}
        <p className="overrides__hint">{t(action === 'extend' ? 'overrides.sla.extendHint' : 'overrides.sla.waiveHint')}</p>
        {action === 'extend' && (
          <div className="overrides__amount">
            <Field label={t('overrides.sla.amount')} error={amountError}>
              {(control) => (
                <TextInput
                  {...control}
                  ref={amountRef}
                  inputMode="numeric"
                  value={amount}
                  onChange={(event) => {
                    setAmount(event.target.value);
                    setAmountError(null);
                  }}
                />
              )}
            </Field>
            <Field label={t('overrides.sla.unit')}>
              {(control) => (
                <Select
                  {...control}
                  value={unit}
                  onChange={(event) => setUnit(event.target.value === 'minutes' ? 'minutes' : 'hours')}
                  options={[
                    { value: 'hours', label: t('overrides.sla.unitHours') },
                    { value: 'minutes', label: t('overrides.sla.unitMinutes') },
                  ]}
                />
              )}
            </Field>
          </div>
        )}
        <OverrideReasonField
          value={reason}
          inputRef={reasonRef}
          error={reasonProblem}
          onChange={(value) => {
            setReason(value);
            setReasonProblem(null);
          }}
        />
        <OverrideFormFooter error={override.isError ? override.error : null} isBusy={override.isPending} submitLabel={t(action === 'extend' ? 'overrides.sla.submitExtend' : 'overrides.sla.submitWaive')} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
