import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { WaitingOverrideAction } from '@rapport/contracts/waiting';
import { Alert } from '@rapport/ui/alert';
import { Button } from '@rapport/ui/button';
import { Dialog } from '@rapport/ui/dialog';
import { Field } from '@rapport/ui/field';
import { useAnnounce } from '@rapport/ui/live-region';
import { Spinner } from '@rapport/ui/spinner';
import { TextArea } from '@rapport/ui/text-area';
import { describeError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { formatAbsoluteTime } from '../../../lib/relative-time.ts';
import { useCurrentSession, useWorkspaceId } from '../../auth/components/session-context.tsx';
import { useOverrideWaiting, useTicketWaiting, waitingKeys } from '../waiting-api.ts';
import './waiting.css';

/**
 * The ticket page's "waiting on the customer" panel (P10), shown while the ticket is pending:
 * since when, the reminder and the automatic close, and the two overrides (keep waiting, don't
 * close automatically), each with a required reason kept in the ticket's history.
 */
export function TicketWaitingPanel({ ticketRef, ticket }: { ticketRef: string; ticket: { number: number; status: string; updatedAt: string } }) {
  const wait = useTicketWaiting(ticketRef, ticket.status === 'pending');
  const session = useCurrentSession();
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<WaitingOverrideAction | null>(null);
  const version = `${ticket.updatedAt}|${ticket.status}`;
  const lastVersion = useRef(version);
  useEffect(() => {
    if (lastVersion.current === version) return;
    lastVersion.current = version;
    void queryClient.invalidateQueries({ queryKey: waitingKeys.ticket(workspaceId, ticketRef) });
  }, [version, queryClient, workspaceId, ticketRef]);

  if (ticket.status !== 'pending') return null;
  const canOverride = session.permissions.includes('ticket.update');
  const data = wait.data;
  return (
    <section className="rp-side-panel" aria-labelledby="waiting-panel-heading" data-testid="waiting-panel">
      <h2 id="waiting-panel-heading" className="rp-side-panel__heading">
        {t('waiting.panel.heading')}
      </h2>
      {wait.isPending && <Spinner label={t('waiting.panel.loading')} />}
      {wait.isError && <p className="rp-side-panel__muted">{t('waiting.panel.failed')}</p>}
      {data?.waiting && (
        <>
          <ul className="waiting-panel__list">
            <li>{t('waiting.panel.since', { time: formatAbsoluteTime(data.pendingSince!) })}</li>
            <li>
              {data.remindedAt
                ? t('waiting.panel.remindedOn', { time: formatAbsoluteTime(data.remindedAt) })
                : data.remindAt
                  ? t('waiting.panel.remindOn', { time: formatAbsoluteTime(data.remindAt) })
                  : t('waiting.panel.noReminder')}
            </li>
            <li data-testid="waiting-close">{data.closeAt ? t('waiting.panel.closesOn', { time: formatAbsoluteTime(data.closeAt) }) : t('waiting.panel.neverCloses')}</li>
          </ul>
          {canOverride && (
            <div className="waiting-panel__actions">
              <Button size="sm" onClick={() => setDialog('postpone')}>
                {t('waiting.panel.postpone')}
              </Button>
              {data.closeAt && (
                <Button size="sm" onClick={() => setDialog('never_close')}>
                  {t('waiting.panel.neverClose')}
                </Button>
              )}
            </div>
          )}
        </>
      )}
      {dialog && <OverrideDialog ticketRef={ticketRef} ticketNumber={ticket.number} action={dialog} onClose={() => setDialog(null)} />}
    </section>
  );
}

function OverrideDialog({ ticketRef, ticketNumber, action, onClose }: { ticketRef: string; ticketNumber: number; action: WaitingOverrideAction; onClose: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const override = useOverrideWaiting(ticketRef);
  const announce = useAnnounce();
  const isPostpone = action === 'postpone';

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (override.isPending) return;
    if (!reason.trim()) {
      setError(t('waiting.dialog.reasonRequired'));
      reasonRef.current?.focus();
      return;
    }
    override.mutate(
      { action, reason: reason.trim() },
      {
        onSuccess: () => {
          announce(t('waiting.dialog.done', { what: t(isPostpone ? 'waiting.panel.postpone' : 'waiting.panel.neverClose') }));
          onClose();
        },
      },
    );
  }

  return (
    <Dialog title={t(isPostpone ? 'waiting.dialog.postponeTitle' : 'waiting.dialog.neverCloseTitle', { number: ticketNumber })} onClose={onClose} closeLabel={t('common.close')}>
      <form className="rp-dialog__form" noValidate onSubmit={handleSubmit} data-testid="waiting-override-dialog">
        <p>{t(isPostpone ? 'waiting.dialog.postponeIntro' : 'waiting.dialog.neverCloseIntro')}</p>
        <Field label={t('waiting.dialog.reason')} hint={t('waiting.dialog.reasonHint')} error={error}>
          {(control) => (
            <TextArea
              {...control}
              ref={reasonRef}
              rows={3}
              maxLength={1000}
              aria-required="true"
              value={reason}
              onChange={(event) => {
                setReason(event.target.value);
                setError(null);
              }}
            />
          )}
        </Field>
        {override.isError && <Alert>{describeError(override.error)}</Alert>}
        <div className="rp-dialog__actions">
          <Button type="button" variant="ghost" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" isBusy={override.isPending}>
            {t('waiting.dialog.confirm')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
