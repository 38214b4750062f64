import { useState } from 'react';
import { describeInboundReason, type InboundEmailSummary, type TriageStatus } from '@rapport/contracts/email';
import { Alert } from '@rapport/ui/alert';
import { Button } from '@rapport/ui/button';
import { EmptyState } from '@rapport/ui/empty-state';
import { SegmentedControl } from '@rapport/ui/segmented-control';
import { Spinner } from '@rapport/ui/spinner';
import { describeError } from '../../../api/api-error.ts';
import { formatAbsoluteTime } from '../../../lib/relative-time.ts';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { useFocusOnRouteChange } from '../../../lib/use-focus-on-mount.ts';
import { Link } from '../../../router/router.tsx';
import { useCurrentSession } from '../../auth/components/session-context.tsx';
import { inboundRawUrl, useInboundAction, useInboundEmails, type InboundAction } from '../hooks/use-inbound-emails.ts';
import { MoveHeldEmail } from './move-held-email.tsx';
import './email-screens.css';

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * Received emails that did not become ticket messages by themselves. Quarantined: bad input, kept
 * with a reason (leads and admins). Held: unverified senders pointing at someone else's ticket
 * (every agent). Agents see the Held tab only.
 */
export function QuarantineScreen({ initialTab }: { initialTab: TriageStatus }) {
  const { role } = useCurrentSession();
  const canTriage = role !== 'agent';
  const [tab, setTab] = useState<TriageStatus>(canTriage ? initialTab : 'held');
  const headingRef = useFocusOnRouteChange<HTMLHeadingElement>('quarantine');
  useDocumentTitle('Quarantine');
  return (
    <section className="email-page" aria-labelledby="quarantine-heading">
      <h1 id="quarantine-heading" ref={headingRef} tabIndex={-1} className="email-page__title">
        Quarantine
      </h1>
      <p className="email-card__hint">
        Nothing received is ever dropped: emails that could not be processed are kept here with the reason, and emails from senders that
        could not be verified wait for an agent to accept or move them.
      </p>
      {canTriage && (
        <SegmentedControl
          label="Show"
          value={tab}
          onChange={setTab}
          options={[
            { value: 'quarantined', label: 'Quarantined' },
            { value: 'held', label: 'Held' },
          ]}
        />
      )}
      <InboundList key={tab} status={tab} canTriage={canTriage} />
    </section>
  );
}

function InboundList({ status, canTriage }: { status: TriageStatus; canTriage: boolean }) {
  const emails = useInboundEmails(status);
  const items = emails.data?.pages.flatMap((page) => page.items) ?? [];
  if (emails.isPending) return <Spinner label="Loading…" isLabelVisible />;
  if (emails.isError) return <Alert>{describeError(emails.error)}</Alert>;
  if (items.length === 0) {
    return (
      <EmptyState
        title={status === 'quarantined' ? 'Nothing in quarantine.' : 'No held emails.'}
        description={status === 'quarantined' ? 'Every received email could be processed.' : 'Every sender could be verified.'}
      />
    );
  }
  return (
    <>
      <table className="email-table" aria-label={status === 'quarantined' ? 'Quarantined emails' : 'Held emails'}>
        <thead>
          <tr>
            <th scope="col">Received</th>
            <th scope="col">From</th>
            <th scope="col">Subject</th>
            <th scope="col">Reason</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {items.map((email) => (
            <InboundRow key={email.id} email={email} canTriage={canTriage} />
          ))}
        </tbody>
      </table>
      {emails.hasNextPage && (
        <Button onClick={() => void emails.fetchNextPage()} isBusy={emails.isFetchingNextPage}>
          Load more
        </Button>
      )}
    </>
  );
}

function InboundRow({ email, canTriage }: { email: InboundEmailSummary; canTriage: boolean }) {
  const action = useInboundAction();
  const [isMoving, setIsMoving] = useState(false);
  const run = (kind: InboundAction) => action.mutate({ email, action: kind });
  const subject = email.subject || '(no subject)';
  return (
    <tr data-testid="inbound-email">
      <td>
        <time dateTime={email.receivedAt}>{formatAbsoluteTime(email.receivedAt)}</time>
        <span className="email-table__muted"> · {formatSize(email.rawSize)}</span>
      </td>
      <td className="email-table__wrap">{email.fromAddress ?? <span className="email-table__muted">(no sender)</span>}</td>
      <td className="email-table__wrap">{subject}</td>
      <td className="email-table__wrap">
        {describeInboundReason(email.reason)}
        {email.reasonDetail && <span className="email-table__detail">{email.reasonDetail}</span>}
        {email.status === 'held' && email.ticket && (
          <span className="email-table__detail">
            Claims to belong to <Link to={`/tickets/${email.ticket.number}`}>#{email.ticket.number} {email.ticket.subject}</Link>
          </span>
        )}
      </td>
      <td>
        <div className="email-table__actions" role="group" aria-label={`Actions for “${subject}”`}>
          <a className="rp-button rp-button--secondary rp-button--sm" href={inboundRawUrl(email.id)} download>
            View raw
          </a>
          {email.status === 'quarantined' && (
            <>
              <Button size="sm" isBusy={action.isPending} onClick={() => run({ kind: 'retry' })}>
                Retry
              </Button>
              <Button size="sm" isBusy={action.isPending} onClick={() => run({ kind: 'release' })}>
                Release
              </Button>
            </>
          )}
          {email.status === 'held' && (
            <>
              {email.ticket && (
                <Button size="sm" variant="primary" isBusy={action.isPending} onClick={() => run({ kind: 'accept' })}>
                  Accept into #{email.ticket.number}
                </Button>
              )}
              <Button size="sm" isBusy={action.isPending} onClick={() => run({ kind: 'move', target: { kind: 'new_ticket' } })}>
                Move to new ticket
              </Button>
              <Button size="sm" aria-expanded={isMoving} onClick={() => setIsMoving((current) => !current)}>
                Move to…
              </Button>
            </>
          )}
          {canTriage && (
            <Button
              size="sm"
              variant="danger"
              isBusy={action.isPending}
              onClick={() => {
                if (window.confirm('Delete this email? It leaves the list; the raw original is kept in storage.')) run({ kind: 'delete' });
              }}
            >
              Delete
            </Button>
          )}
        </div>
        {isMoving && <MoveHeldEmail email={email} onDone={() => setIsMoving(false)} />}
        {action.isError && <Alert>{describeError(action.error)}</Alert>}
      </td>
    </tr>
  );
}
