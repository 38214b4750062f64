import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { BulkTicketChanges, BulkTicketsBody } from '@rapport/contracts/inbox';
import { TagName, TicketStatus, type TicketSummary } from '@rapport/contracts/tickets';
import { Alert } from '@rapport/ui/alert';
import { Button } from '@rapport/ui/button';
import { Dialog } from '@rapport/ui/dialog';
import { useAnnounce } from '@rapport/ui/live-region';
import { describeError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { useAgents } from '../../ticket/hooks/use-agents.ts';
import { bulkFailures, type BulkFailure } from '../bulk-results.ts';
import { useBulkAction, useSetReadState } from '../hooks/use-inbox-actions.ts';
import { useTeams } from '../../ticket/hooks/use-ticket-catalogues.ts';

interface Outcome {
  message: string;
  failures: BulkFailure[];
}

/** "user:<id>", "none", "team:<id>" or "noteam" → the change to send. */
export function assignChange(target: string): BulkTicketChanges | null {
  if (target === 'none') return { assigneeId: null };
  if (target === 'noteam') return { teamId: null };
  if (target.startsWith('user:')) return { assigneeId: target.slice(5) };
  if (target.startsWith('team:')) return { teamId: target.slice(5) };
  return null;
}

export interface BulkBarProps {
  selected: readonly TicketSummary[];
  /** Clears the tickets that changed from the selection; failed ones stay selected for another try. */
  onDone: (succeededIds: readonly string[]) => void;
  onClear: () => void;
}

/** The toolbar shown while tickets are selected: assign, status, tags, merge, read state. */
export function BulkBar({ selected, onDone, onClear }: BulkBarProps) {
  const agents = useAgents();
  const teams = useTeams();
  const bulk = useBulkAction();
  const readState = useSetReadState();
  const announce = useAnnounce();
  const [assignTarget, setAssignTarget] = useState('');
  const [status, setStatus] = useState('');
  const [tag, setTag] = useState('');
  const [tagError, setTagError] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [isMerging, setMerging] = useState(false);
  const [mergeInto, setMergeInto] = useState<string>('');
  const numbers = new Map(selected.map((ticket) => [ticket.id, ticket.number]));
  const ids = selected.map((ticket) => ticket.id);
  const isBusy = bulk.isPending || readState.isPending;
  const outcomeRef = useRef<HTMLDivElement>(null);
  const hasSelection = selected.length > 0;

  // When the change empties the selection, the toolbar's buttons go away; focus moves to the outcome
  // instead of falling back to the page.
  useEffect(() => {
    if (outcome && !hasSelection && outcomeRef.current && !outcomeRef.current.contains(document.activeElement)) {
      const active = document.activeElement;
      if (!active || active === document.body) outcomeRef.current.focus();
    }
  }, [outcome, hasSelection]);

  function run(action: BulkTicketsBody['action'], ticketIds: readonly string[] = ids) {
    bulk.mutate(
      { ticketIds: [...ticketIds], action },
      {
        onSuccess: (response) => {
          const failures = bulkFailures(response, numbers);
          const message = t('inbox.bulk.done', { count: response.succeeded });
          setOutcome({ message, failures });
          announce(failures.length > 0 ? `${message}. ${t('inbox.bulk.failed', { count: failures.length })}` : message);
          const failed = new Set(failures.map((failure) => failure.ticketId));
          onDone(ids.filter((id) => !failed.has(id)));
        },
      },
    );
  }

  function applyAssign(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const changes = assignChange(assignTarget);
    if (changes) run({ type: 'update', changes });
  }

  function applyStatus(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = TicketStatus.safeParse(status);
    if (parsed.success) run({ type: 'update', changes: { status: parsed.data } });
  }

  function applyTag(mode: 'add' | 'remove') {
    const parsed = TagName.safeParse(tag);
    setTagError(!parsed.success);
    if (!parsed.success) return;
    run({ type: 'update', changes: mode === 'add' ? { addTags: [parsed.data] } : { removeTags: [parsed.data] } });
  }

  function setRead(isUnread: boolean) {
    readState.mutate(
      { ticketIds: ids, isUnread },
      {
        onSuccess: (count) => {
          const message = isUnread ? t('inbox.bulk.markedUnread', { count }) : t('inbox.bulk.markedRead', { count });
          setOutcome({ message, failures: [] });
          announce(message);
        },
      },
    );
  }

  const assignOptions = (
    <>
      <option value="">{t('inbox.bulk.assignPlaceholder')}</option>
      <option value="none">{t('inbox.bulk.unassign')}</option>
      <optgroup label={t('inbox.bulk.agents')}>
        {(agents.data ?? []).map((agent) => (
          <option key={agent.id} value={`user:${agent.id}`}>
            {agent.name}
          </option>
        ))}
      </optgroup>
      <optgroup label={t('inbox.bulk.teams')}>
        <option value="noteam">{t('inbox.bulk.noTeam')}</option>
        {(teams.data ?? []).map((team) => (
          <option key={team.id} value={`team:${team.id}`}>
            {team.name}
          </option>
        ))}
      </optgroup>
    </>
  );

  if (!hasSelection && !outcome) return null;

  return (
    <section className="bulk-bar" aria-label={t('inbox.bulk.label')} data-testid="bulk-bar">
      {hasSelection && (
        <div className="bulk-bar__controls">
          <p className="bulk-bar__count" aria-live="polite">
            <strong>{t('inbox.selection.count', { count: selected.length })}</strong>
          </p>
          <form className="bulk-bar__group" onSubmit={applyAssign}>
            <label htmlFor="bulk-assign">{t('inbox.bulk.assign')}</label>
            <select id="bulk-assign" className="rp-select" value={assignTarget} onChange={(event) => setAssignTarget(event.target.value)}>
              {assignOptions}
            </select>
            <Button type="submit" size="sm" isBusy={isBusy} disabled={!assignTarget}>
              {t('inbox.bulk.apply')}
            </Button>
          </form>
          <form className="bulk-bar__group" onSubmit={applyStatus}>
            <label htmlFor="bulk-status">{t('inbox.bulk.status')}</label>
            <select id="bulk-status" className="rp-select" value={status} onChange={(event) => setStatus(event.target.value)}>
              <option value="">{t('inbox.bulk.assignPlaceholder')}</option>
              {TicketStatus.options
                .filter((option) => option !== 'closed')
                .map((option) => (
                  <option key={option} value={option}>
                    {t(`inbox.status.${option}`)}
                  </option>
                ))}
            </select>
            <Button type="submit" size="sm" isBusy={isBusy} disabled={!status}>
              {t('inbox.bulk.apply')}
            </Button>
          </form>
          <div className="bulk-bar__group">
            <label htmlFor="bulk-tag">{t('inbox.bulk.tag')}</label>
            <input
              id="bulk-tag"
              className="rp-input bulk-bar__tag"
              value={tag}
              maxLength={50}
              aria-invalid={tagError || undefined}
              aria-describedby={tagError ? 'bulk-tag-error' : undefined}
              onChange={(event) => setTag(event.target.value)}
            />
            <Button size="sm" isBusy={isBusy} disabled={!tag.trim()} onClick={() => applyTag('add')}>
              {t('inbox.bulk.addTag')}
            </Button>
            <Button size="sm" isBusy={isBusy} disabled={!tag.trim()} onClick={() => applyTag('remove')}>
              {t('inbox.bulk.removeTag')}
            </Button>
            {tagError && (
              <span id="bulk-tag-error" className="bulk-bar__error">
                {t('inbox.bulk.invalidTag')}
              </span>
            )}
          </div>
          <div className="bulk-bar__group">
            <Button
              size="sm"
              isBusy={isBusy}
              disabled={selected.length < 2}
              onClick={() => {
                setMergeInto(selected[0]?.id ?? '');
                setMerging(true);
              }}
            >
              {t('inbox.bulk.merge')}
            </Button>
            <Button size="sm" isBusy={isBusy} onClick={() => setRead(false)}>
              {t('inbox.bulk.markRead')}
            </Button>
            <Button size="sm" isBusy={isBusy} onClick={() => setRead(true)}>
              {t('inbox.bulk.markUnread')}
            </Button>
            <Button size="sm" variant="ghost" onClick={onClear}>
              {t('inbox.selection.clear')}
            </Button>
          </div>
        </div>
      )}
      {bulk.isError && <Alert>{describeError(bulk.error)}</Alert>}
      {readState.isError && <Alert>{describeError(readState.error)}</Alert>}
      {outcome && (
        <div className="bulk-bar__outcome" data-testid="bulk-outcome" ref={outcomeRef} tabIndex={-1}>
          <p>
            {outcome.message}{' '}
            <Button
              size="sm"
              variant="ghost"
              onClick={() => {
                setOutcome(null);
                // Without a selection the toolbar goes away with the message; the list heading takes focus.
                if (!hasSelection) document.getElementById('inbox-heading')?.focus();
              }}
            >
              {t('common.close')}
            </Button>
          </p>
          {outcome.failures.length > 0 && (
            <Alert>
              <p>{t('inbox.bulk.failed', { count: outcome.failures.length })}</p>
              <ul>
                {outcome.failures.map((failure) => (
                  <li key={failure.ticketId}>{t('inbox.bulk.failure', { number: failure.number ?? '?', message: failure.message })}</li>
                ))}
              </ul>
            </Alert>
          )}
        </div>
      )}
      {isMerging && (
        <Dialog title={t('inbox.bulk.mergeTitle', { count: selected.length })} onClose={() => setMerging(false)} closeLabel={t('common.close')}>
          <form
            className="bulk-bar__merge"
            onSubmit={(event) => {
              event.preventDefault();
              setMerging(false);
              run({ type: 'merge', intoTicketId: mergeInto });
            }}
          >
            <fieldset>
              <legend>{t('inbox.bulk.mergeIntro')}</legend>
              {selected.map((ticket) => (
                <label key={ticket.id} className="bulk-bar__merge-option">
                  <input type="radio" name="merge-into" value={ticket.id} checked={mergeInto === ticket.id} onChange={() => setMergeInto(ticket.id)} />
                  #{ticket.number} {ticket.subject}
                </label>
              ))}
            </fieldset>
            <div className="bulk-bar__merge-actions">
              <Button onClick={() => setMerging(false)}>{t('common.cancel')}</Button>
              <Button type="submit" variant="danger" disabled={!mergeInto}>
                {t('inbox.bulk.mergeConfirm')}
              </Button>
            </div>
          </form>
        </Dialog>
      )}
    </section>
  );
}
