import { useId, useRef, useState, type FormEvent } from 'react';
import type { AutomationRunDto } from '@rapport/contracts/automations';
import { Alert } from '@rapport/ui/alert';
import { Button } from '@rapport/ui/button';
import { Dialog } from '@rapport/ui/dialog';
import { Field } from '@rapport/ui/field';
import { useAnnounce } from '@rapport/ui/live-region';
import { TextArea } from '@rapport/ui/text-area';
import { describeError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { formatAbsoluteTime } from '../../../lib/relative-time.ts';
import { useAgents } from '../../ticket/hooks/use-agents.ts';
import { useTeams } from '../../ticket/hooks/use-ticket-catalogues.ts';
import { serverFieldErrors } from '../automation-form.ts';
import { changesInWords, outcomeInWords, type NameLookup } from '../automation-words.ts';
import { useOverrideAutomationRun, useTicketAutomationRuns } from '../automations-api.ts';
import './automations.css';

/** Fewer letters than this and the server refuses the reason. */
const minReasonLength = 3;

/**
 * The ticket page's automation log (P7), shown once an automation has acted on the ticket: each run
 * with what it changed, in words, and its outcome. An applied run can be overridden with a reason
 * (by default undoing what it changed), after which that automation leaves the ticket alone. Its
 * query sits under the ticket's key, so the ticket's realtime updates refresh it.
 */
export function TicketAutomationRunsPanel({ ticketRef }: { ticketRef: string }) {
  const runs = useTicketAutomationRuns(ticketRef);
  const teams = useTeams();
  const agents = useAgents();
  const [overriding, setOverriding] = useState<AutomationRunDto | null>(null);
  if (!runs.data || runs.data.length === 0) return null;
  const names: NameLookup = {
    team: (id) => teams.data?.find((team) => team.id === id)?.name,
    user: (id) => agents.data?.find((user) => user.id === id)?.name,
  };
  return (
    <section className="rp-side-panel" aria-labelledby="automation-runs-heading" data-testid="automation-runs-panel">
      <h2 id="automation-runs-heading" className="rp-side-panel__heading">
        {t('automations.runs.heading')}
      </h2>
      <ol className="rp-side-panel__list" aria-label={t('automations.runs.listLabel')}>
        {runs.data.map((run) => (
          <RunEntry key={run.id} run={run} names={names} onOverride={() => setOverriding(run)} />
        ))}
      </ol>
      {overriding && <OverrideDialog ticketRef={ticketRef} run={overriding} onClose={() => setOverriding(null)} />}
    </section>
  );
}

function RunEntry({ run, names, onOverride }: { run: AutomationRunDto; names: NameLookup; onOverride: () => void }) {
  const changes = run.outcome === 'applied' ? changesInWords(run.changes, names) : [];
  return (
    <li className="automation-run" data-testid="automation-run" data-outcome={run.outcome} data-overridden={run.overridden ? 'true' : 'false'}>
      <p className="automation-run__name">{run.automation.name}</p>
      <p className="automation-run__meta">
        <time dateTime={run.createdAt}>{formatAbsoluteTime(run.createdAt)}</time>
        <span className={`automation-outcome automation-outcome--${run.outcome}`}>{outcomeInWords(run)}</span>
      </p>
      {run.outcome === 'applied' && (
        <ul className="automation-run__changes">
          {changes.length === 0 && <li>{t('automations.change.nothing')}</li>}
          {changes.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      {run.overridden && (
        <p className="automation-run__override" data-testid="automation-run-override">
          {t('automations.runs.overriddenBy', { name: run.overridden.by?.name ?? t('automations.runs.formerMember'), reason: run.overridden.reason })}
          {run.overridden.reverted && ` ${t('automations.runs.overriddenReverted')}`}
        </p>
      )}
      {run.outcome === 'applied' && !run.overridden && (
        <div>
          <Button size="sm" aria-label={t('automations.runs.overrideLabel', { name: run.automation.name })} onClick={onOverride}>
            {t('automations.runs.override')}
          </Button>
        </div>
      )}
    </li>
  );
}

function OverrideDialog({ ticketRef, run, onClose }: { ticketRef: string; run: AutomationRunDto; onClose: () => void }) {
  const override = useOverrideAutomationRun(ticketRef);
  const announce = useAnnounce();
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const revertHintId = useId();
  const [reason, setReason] = useState('');
  const [revert, setRevert] = useState(true);
  const [reasonError, setReasonError] = useState<string | null>(null);
  const serverReasonError = serverFieldErrors(override.error)['reason'] ?? null;

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (override.isPending) return;
    if (reason.trim().length < minReasonLength) {
      const message = t('automations.override.reasonRequired');
      setReasonError(message);
      announce(message, 'assertive');
      reasonRef.current?.focus();
      return;
    }
    override.mutate({ runId: run.id, body: { reason: reason.trim(), revert } }, { onSuccess: onClose });
  }

  const title = t('automations.override.title', { name: run.automation.name });
  return (
    <Dialog title={title} onClose={onClose} closeLabel={t('common.close')}>
      <form className="rp-dialog__form" noValidate onSubmit={handleSubmit} data-testid="automation-override-dialog">
        <p>{t('automations.override.intro')}</p>
        <Field label={t('automations.override.reason')} hint={t('automations.override.reasonHint')} error={reasonError ?? serverReasonError}>
          {(control) => (
            <TextArea
              {...control}
              ref={reasonRef}
              rows={3}
              maxLength={2000}
              aria-required="true"
              value={reason}
              onChange={(event) => {
                setReason(event.target.value);
                setReasonError(null);
                if (override.isError) override.reset();
              }}
            />
          )}
        </Field>
        <label className="automation-override__check">
          <input type="checkbox" checked={revert} aria-describedby={revertHintId} onChange={(event) => setRevert(event.target.checked)} />
          {t('automations.override.revert')}
        </label>
        <p id={revertHintId} className="rp-field__hint">
          {t('automations.override.revertHint')}
        </p>
        {override.isError && !serverReasonError && <Alert>{describeError(override.error)}</Alert>}
        <div className="rp-dialog__actions">
          <Button type="button" variant="ghost" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" isBusy={override.isPending}>
            {t('automations.override.confirm')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
