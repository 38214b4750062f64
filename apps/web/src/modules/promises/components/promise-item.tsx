import { useState } from 'react';
import type { PromiseDto } from '@rapport/contracts/promises';
import { Button } from '@rapport/ui/button';
import { t } from '../../../i18n/i18n.ts';
import { formatAbsoluteTime } from '../../../lib/relative-time.ts';
import { Link } from '../../../router/router.tsx';
import { useUpdatePromise } from '../hooks/use-promises.ts';
import { promiseState, stateKeys } from '../promise-logic.ts';
import { PromiseDialog } from './promise-dialog.tsx';
import './promises.css';

const short = (text: string) => (text.length > 60 ? `${text.slice(0, 59)}…` : text);

/**
 * One promise: what was promised, its state (colour always with words), when it is due in the
 * agent's time zone, who made it; for an open one the actions kept, broken, edit and drop.
 * `showTicket` adds the ticket's link (the "My promises" screen).
 */
export function PromiseItem({ promise, now, showTicket = false, headingLevel = 3 }: { promise: PromiseDto; now: number; showTicket?: boolean; headingLevel?: 2 | 3 }) {
  const [dialog, setDialog] = useState<'edit' | 'drop' | null>(null);
  const update = useUpdatePromise();
  const state = promiseState(promise, now);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const headingId = `promise-${promise.id}`;
  const isOpen = promise.status === 'open';
  const close = (status: 'kept' | 'broken') => update.mutate({ id: promise.id, body: { status } });

  return (
    <li className="promise-item" aria-labelledby={headingId} data-testid="promise" data-state={state}>
      {showTicket && (
        <p className="promise-item__ticket">
          <Link to={`/tickets/${promise.ticket.number}`}>{t('promises.screen.ticket', { number: promise.ticket.number, subject: promise.ticket.subject || '—' })}</Link>
        </p>
      )}
      <Heading id={headingId} className="promise-item__text">
        {promise.text}
      </Heading>
      <p className="promise-item__meta">
        <span className="promise-badge" data-tone={state}>
          {t(stateKeys[state])}
        </span>{' '}
        <time dateTime={promise.dueAt}>{t('promises.due', { time: formatAbsoluteTime(promise.dueAt) })}</time>
        {' · '}
        {t('promises.by', { name: promise.owner?.name ?? t('promises.formerMember') })}
      </p>
      {!isOpen && promise.resolvedAt && (
        <p className="promise-item__meta">
          {t('promises.closedBy', { state: t(stateKeys[state]), name: promise.resolvedBy?.name ?? t('promises.formerMember'), time: formatAbsoluteTime(promise.resolvedAt) })}
        </p>
      )}
      {promise.reason && <p className="promise-item__meta">{t('promises.reason', { reason: promise.reason })}</p>}
      {isOpen && (
        <div className="promise-item__actions" role="group" aria-label={t('promises.action.group', { text: short(promise.text) })}>
          <Button size="sm" onClick={() => close('kept')} isBusy={update.isPending} aria-label={t('promises.action.keptLabel', { text: short(promise.text) })}>
            {t('promises.action.kept')}
          </Button>
          <Button size="sm" onClick={() => close('broken')} isBusy={update.isPending} aria-label={t('promises.action.brokenLabel', { text: short(promise.text) })}>
            {t('promises.action.broken')}
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setDialog('edit')} aria-label={t('promises.action.editLabel', { text: short(promise.text) })}>
            {t('promises.action.edit')}
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setDialog('drop')} aria-label={t('promises.action.dropLabel', { text: short(promise.text) })}>
            {t('promises.action.drop')}
          </Button>
        </div>
      )}
      {dialog && <PromiseDialog promise={promise} mode={dialog} onClose={() => setDialog(null)} />}
    </li>
  );
}
