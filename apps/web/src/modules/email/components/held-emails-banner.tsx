import { describeInboundReason } from '@rapport/contracts/email';
import { Alert } from '@rapport/ui/alert';
import { Button } from '@rapport/ui/button';
import { describeError } from '../../../api/api-error.ts';
import { formatAbsoluteTime } from '../../../lib/relative-time.ts';
import { inboundRawUrl, useHeldEmailsOfTicket, useInboundAction } from '../hooks/use-inbound-emails.ts';
import './email-screens.css';

/**
 * On a ticket page: emails that claim to belong to this ticket but come from a sender that could
 * not be verified (another customer, or a DMARC failure). They are not in the conversation until
 * an agent accepts them here, or moves them to a ticket of their own.
 */
export function HeldEmailsBanner({ ticketRef, ticketNumber }: { ticketRef: string; ticketNumber: number }) {
  const held = useHeldEmailsOfTicket(ticketRef);
  const action = useInboundAction();
  const items = held.data ?? [];
  if (items.length === 0) return null;
  return (
    <section className="held-banner" aria-labelledby="held-banner-heading" data-testid="held-banner">
      <h2 id="held-banner-heading" className="held-banner__title">
        {items.length === 1 ? '1 message held from an unverified sender' : `${items.length} messages held from unverified senders`}
      </h2>
      <ul className="held-banner__list">
        {items.map((email) => (
          <li key={email.id} className="held-banner__item">
            <p>
              <strong>{email.fromAddress ?? '(no sender)'}</strong> · {email.subject || '(no subject)'} ·{' '}
              <time dateTime={email.receivedAt}>{formatAbsoluteTime(email.receivedAt)}</time>
            </p>
            <p className="held-banner__reason">{describeInboundReason(email.reason)}</p>
            <div className="held-banner__actions">
              <Button size="sm" variant="primary" isBusy={action.isPending} onClick={() => action.mutate({ email, action: { kind: 'accept' } })}>
                Accept into #{ticketNumber}
              </Button>
              <Button size="sm" isBusy={action.isPending} onClick={() => action.mutate({ email, action: { kind: 'move', target: { kind: 'new_ticket' } } })}>
                Move to a new ticket
              </Button>
              <a className="rp-button rp-button--ghost rp-button--sm" href={inboundRawUrl(email.id)} download>
                View raw
              </a>
            </div>
          </li>
        ))}
      </ul>
      {action.isError && <Alert>{describeError(action.error)}</Alert>}
    </section>
  );
}
