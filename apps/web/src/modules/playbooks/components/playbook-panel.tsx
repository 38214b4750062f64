import { useId, useRef, useState, type RefObject } from 'react';
import type { PlaybookRunDto, PlaybookSuggestion } from '@rapport/contracts/playbooks';
import { Alert } from '@rapport/ui/alert';
import { Badge } from '@rapport/ui/badge';
import { Button } from '@rapport/ui/button';
import { Select } from '@rapport/ui/select';
import { Spinner } from '@rapport/ui/spinner';
import { describeError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { useCurrentSession } from '../../auth/components/session-context.tsx';
import type { ComposerHandle } from '../../composer/components/composer.tsx';
import { actionKeys } from '../action-labels.ts';
import { toggleStep } from '../playbook-form.ts';
import { useCheckPlaybookSteps, usePlaybooks, useStartPlaybook, useTicketPlaybooks } from '../playbooks-api.ts';
import './playbooks.css';

function reasonOf(suggestion: PlaybookSuggestion): string {
  return t(`playbooks.reason.${suggestion.rule}`, { evidence: suggestion.evidence.map((item) => `“${item}”`).join(', ') });
}

/**
 * The ticket page's playbook panel (P24, P30): the suggested playbook with the reason, Start, then
 * the checklist with each step's details, progress, the suggested macro (inserted into the composer
 * as the macro picker does) and the resolution actions the playbook allows.
 */
export function PlaybookPanel({ ticketRef, composer }: { ticketRef: string; composer: RefObject<ComposerHandle | null> }) {
  const playbooks = useTicketPlaybooks(ticketRef);
  const start = useStartPlaybook(ticketRef);
  const { permissions } = useCurrentSession();
  const canUpdate = permissions.includes('ticket.update');
  const data = playbooks.data;

  return (
    <section className="rp-side-panel playbook-panel" aria-labelledby="playbook-panel-heading" data-testid="playbook-panel">
      <h2 id="playbook-panel-heading" className="rp-side-panel__heading">
        {t('playbooks.panel.heading')}
      </h2>
      {playbooks.isPending && <Spinner label={t('playbooks.panel.loading')} />}
      {playbooks.isError && <p className="rp-side-panel__muted">{t('playbooks.panel.failed')}</p>}
      {data && (
        <>
          {data.suggested.map((suggestion) => (
            <div key={suggestion.playbookId} className="playbook-suggestion" data-testid="playbook-suggestion">
              <p className="playbook-suggestion__name">{t('playbooks.panel.suggested', { name: suggestion.name })}</p>
              <p className="playbook-suggestion__reason">{reasonOf(suggestion)}</p>
              {canUpdate && (
                <Button size="sm" variant="primary" isBusy={start.isPending && start.variables === suggestion.playbookId} aria-label={t('playbooks.panel.startNamed', { name: suggestion.name })} onClick={() => start.mutate(suggestion.playbookId)}>
                  {t('playbooks.panel.start')}
                </Button>
              )}
            </div>
          ))}
          {data.suggested.length === 0 && data.runs.length === 0 && <p className="rp-side-panel__muted">{t('playbooks.panel.none')}</p>}
          {start.isError && <Alert>{describeError(start.error)}</Alert>}
          {data.runs.map((run) => (
            <PlaybookRun key={run.playbook.id} run={run} ticketRef={ticketRef} composer={composer} canUpdate={canUpdate} />
          ))}
          {canUpdate && <StartOther ticketRef={ticketRef} excluded={new Set([...data.runs.map((run) => run.playbook.id), ...data.suggested.map((item) => item.playbookId)])} />}
        </>
      )}
    </section>
  );
}

function StartOther({ ticketRef, excluded }: { ticketRef: string; excluded: ReadonlySet<string> }) {
  const playbooks = usePlaybooks();
  const start = useStartPlaybook(ticketRef);
  const [chosen, setChosen] = useState('');
  const id = useId();
  const options = (playbooks.data ?? []).filter((playbook) => playbook.enabled && !excluded.has(playbook.id));
  if (options.length === 0) return null;
  const value = options.some((playbook) => playbook.id === chosen) ? chosen : '';
  return (
    <div className="playbook-panel__other">
      <label htmlFor={`${id}-other`} className="rp-label">
        {t('playbooks.panel.other')}
      </label>
      <div className="playbook-panel__other-row">
        <Select
          id={`${id}-other`}
          value={value}
          onChange={(event) => setChosen(event.target.value)}
          options={[{ value: '', label: t('playbooks.panel.choose') }, ...options.map((playbook) => ({ value: playbook.id, label: playbook.name }))]}
        />
        <Button size="sm" disabled={value === ''} isBusy={start.isPending} onClick={() => start.mutate(value, { onSuccess: () => setChosen('') })}>
          {t('playbooks.panel.start')}
        </Button>
      </div>
    </div>
  );
}

function PlaybookRun({ run, ticketRef, composer, canUpdate }: { run: PlaybookRunDto; ticketRef: string; composer: RefObject<ComposerHandle | null>; canUpdate: boolean }) {
  const check = useCheckPlaybookSteps(ticketRef);
  // Ticks show at once; the server's answer to the latest tick replaces them.
  const [optimistic, setOptimistic] = useState<number[] | null>(null);
  const latest = useRef(0);
  const id = useId();
  const { playbook } = run;
  const checkedSteps = optimistic ?? run.checkedSteps;
  const total = playbook.steps.length;
  const checked = checkedSteps.length;

  function toggle(index: number) {
    const next = toggleStep(checkedSteps, index);
    const sequence = (latest.current += 1);
    setOptimistic(next);
    check.mutate(
      { playbookId: playbook.id, checkedSteps: next },
      {
        onSettled: () => {
          if (sequence === latest.current) setOptimistic(null);
        },
      },
    );
  }
  const macro = playbook.suggestedMacro;
  return (
    <article className="playbook-run" aria-labelledby={`${id}-name`} data-testid="playbook-run" data-completed={run.completedAt ? 'true' : 'false'}>
      <header className="playbook-run__header">
        <h3 id={`${id}-name`} className="playbook-run__name">
          {playbook.name}
        </h3>
        {run.completedAt && <Badge tone="status-solved">{t('playbooks.panel.completed')}</Badge>}
      </header>
      {playbook.description && <p className="playbook-run__description">{playbook.description}</p>}
      <p className="playbook-run__progress" id={`${id}-progress`}>
        <progress max={total} value={checked} aria-labelledby={`${id}-progress-text`} />
        <span id={`${id}-progress-text`}>{t('playbooks.panel.progress', { checked, total })}</span>
      </p>
      <ol className="playbook-run__steps" aria-label={t('playbooks.panel.steps', { name: playbook.name })}>
        {playbook.steps.map((step, index) => {
          const stepId = `${id}-step-${index}`;
          return (
            <li key={index} className="playbook-step">
              <label className="playbook-step__label">
                <input
                  type="checkbox"
                  checked={checkedSteps.includes(index)}
                  disabled={!canUpdate}
                  aria-describedby={step.detail ? `${stepId}-detail` : undefined}
                  onChange={() => toggle(index)}
                />
                <span className="playbook-step__title">{step.title}</span>
              </label>
              {step.detail && (
                <p id={`${stepId}-detail`} className="playbook-step__detail">
                  {step.detail}
                </p>
              )}
            </li>
          );
        })}
      </ol>
      {check.isError && <Alert>{describeError(check.error)}</Alert>}
      {macro && (
        <div className="playbook-run__macro">
          <span className="rp-side-panel__muted">{t('playbooks.panel.macroName', { name: macro.name })}</span>
          <Button size="sm" onClick={() => composer.current?.insertMacro(macro)}>
            {t('playbooks.panel.useMacro')}
          </Button>
        </div>
      )}
      <div className="playbook-run__actions">
        <h4 className="playbook-run__subheading" id={`${id}-actions`}>
          {t('playbooks.panel.allowed')}
        </h4>
        {playbook.allowedActions.length === 0 ? (
          <p className="rp-side-panel__muted">{t('playbooks.panel.noActions')}</p>
        ) : (
          <ul className="playbook-run__action-list" aria-labelledby={`${id}-actions`}>
            {playbook.allowedActions.map((action) => (
              <li key={action}>
                <Badge tone="tag">{t(actionKeys[action])}</Badge>
              </li>
            ))}
          </ul>
        )}
      </div>
    </article>
  );
}
