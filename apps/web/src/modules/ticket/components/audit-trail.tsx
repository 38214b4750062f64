import { useMemo, useState } from 'react';
import { Alert } from '@rapport/ui/alert';
import { Button } from '@rapport/ui/button';
import { Dialog } from '@rapport/ui/dialog';
import { Spinner } from '@rapport/ui/spinner';
import { describeError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { formatAbsoluteTime } from '../../../lib/relative-time.ts';
import { describeAuditEntry } from '../audit-format.ts';
import { useTicketAuditTrail } from '../hooks/use-ticket-audit.ts';
import { actionLabel, actorLabel, changeSentences, noteSentences, relatedSentence } from './event-text.ts';

function AuditTrailList({ ticketRef, customFieldLabels }: { ticketRef: string; customFieldLabels: Record<string, string> }) {
  const trail = useTicketAuditTrail(ticketRef);
  const entries = useMemo(
    () => (trail.data?.pages ?? []).flatMap((page) => page.items.map((item) => describeAuditEntry(item, page.names))),
    [trail.data],
  );
  if (trail.isPending) return <Spinner label={t('common.loading')} isLabelVisible />;
  if (trail.isError && entries.length === 0) return <Alert>{describeError(trail.error)}</Alert>;
  if (entries.length === 0) return <p>{t('ticket.audit.empty')}</p>;
  return (
    <>
      <table className="audit-trail__table" data-testid="audit-trail">
        <thead>
          <tr>
            <th scope="col">{t('ticket.audit.when')}</th>
            <th scope="col">{t('ticket.audit.who')}</th>
            <th scope="col">{t('ticket.audit.what')}</th>
            <th scope="col">{t('ticket.audit.details')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => {
            const details = [relatedSentence(entry), ...noteSentences(entry), ...entry.changes.flatMap((change) => changeSentences(change, customFieldLabels))].filter(
              (line): line is string => Boolean(line),
            );
            return (
              <tr key={entry.id} data-testid="audit-entry">
                <td>
                  <time dateTime={entry.at}>{formatAbsoluteTime(entry.at)}</time>
                </td>
                <td>{actorLabel(entry)}</td>
                <td>{actionLabel(entry.action)}</td>
                <td>
                  {details.length > 0 && (
                    <ul className="audit-trail__changes">
                      {details.map((line) => (
                        <li key={line}>{line}</li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {trail.isError && <Alert>{describeError(trail.error)}</Alert>}
      {trail.hasNextPage && (
        <Button variant="secondary" size="sm" disabled={trail.isFetchingNextPage} onClick={() => void trail.fetchNextPage()}>
          {trail.isFetchingNextPage ? t('common.loading') : t('ticket.audit.more')}
        </Button>
      )}
    </>
  );
}

/** The "Audit trail" button and the dialog listing every audit entry of the ticket, newest first. */
export function AuditTrailButton({ ticketRef, ticketNumber, customFieldLabels }: { ticketRef: string; ticketNumber: number; customFieldLabels: Record<string, string> }) {
  const [isOpen, setIsOpen] = useState(false);
  return (
    <>
      <Button size="sm" variant="secondary" onClick={() => setIsOpen(true)} aria-haspopup="dialog">
        {t('ticket.audit.button')}
      </Button>
      {isOpen && (
        <Dialog title={t('ticket.audit.title', { number: ticketNumber })} size="lg" onClose={() => setIsOpen(false)} closeLabel={t('common.close')}>
          <AuditTrailList ticketRef={ticketRef} customFieldLabels={customFieldLabels} />
        </Dialog>
      )}
    </>
  );
}
