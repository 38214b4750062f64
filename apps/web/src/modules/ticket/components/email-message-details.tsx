import type { EmailMeta, MessageDto, ThreadRule } from '@rapport/contracts/tickets';
import { Badge } from '@rapport/ui/badge';

/** How each threading rule is named on the ticket, and what it means (the tooltip). */
export const threadRuleLabels: Record<ThreadRule, { label: string; meaning: string }> = {
  new_ticket: { label: 'New ticket', meaning: 'This email started the ticket' },
  reply_token: { label: 'Reply token', meaning: 'Joined by the signed reply token in the address or headers' },
  references: { label: 'Matched References', meaning: 'Joined because In-Reply-To/References named a message of this ticket' },
  subject: { label: 'Same sender and subject', meaning: 'Joined because the same sender wrote with the same subject within 14 days' },
  accepted: { label: 'Accepted by an agent', meaning: 'Held as an unverified sender, then accepted into this ticket by an agent' },
  moved: { label: 'Moved by an agent', meaning: 'Held as an unverified sender, then moved here by an agent' },
  split: { label: 'Split', meaning: 'Split from another ticket by an agent' },
};

export function ThreadRuleLabel({ rule }: { rule: ThreadRule }) {
  const { label, meaning } = threadRuleLabels[rule];
  return (
    <Badge tone="thread-rule" title={meaning} data-testid="thread-rule">
      <span className="rp-visually-hidden">Threading: </span>
      {label}
    </Badge>
  );
}

const deliveryText = { queued: 'Queued for sending', sent: 'Sent', failed: 'Not delivered' } as const;

/** Outbound email delivery: queued, sent, or failed with the reason (bounces included), failures in red. */
export function DeliveryStatusLine({ delivery }: { delivery: NonNullable<MessageDto['delivery']> }) {
  const isFailed = delivery.status === 'failed';
  return (
    <p className={`timeline-item__delivery timeline-item__delivery--${delivery.status}`} role={isFailed ? 'alert' : undefined} data-testid="delivery-status">
      <span className="timeline-item__delivery-dot" aria-hidden="true" />
      <strong>{deliveryText[delivery.status]}</strong>
      {delivery.error && <>: {delivery.error}</>}
    </p>
  );
}

const verdictTone = (verdict: string) => (verdict === 'pass' ? 'success' : verdict === 'fail' || verdict === 'softfail' ? 'danger' : 'neutral');

/** SPF, DKIM and DMARC results and the addresses, folded away until asked for. */
export function AuthenticationDetails({ email }: { email: EmailMeta }) {
  const auth = email.auth;
  const summary = auth ? (auth.dmarc === 'pass' ? 'Sender verified' : auth.dmarc === 'fail' ? 'Sender not verified' : 'Sender checks') : 'Email details';
  return (
    <details className="email-details">
      <summary className="rp-button rp-button--ghost rp-button--sm">{summary}</summary>
      <div className="email-details__panel">
        <dl>
          {email.from && (
            <div>
              <dt>From</dt>
              <dd>{email.from.name ? `${email.from.name} <${email.from.address}>` : email.from.address}</dd>
            </div>
          )}
          {email.to.length > 0 && (
            <div>
              <dt>To</dt>
              <dd>{email.to.map((person) => person.address).join(', ')}</dd>
            </div>
          )}
          {email.cc.length > 0 && (
            <div>
              <dt>Cc</dt>
              <dd>{email.cc.map((person) => person.address).join(', ')}</dd>
            </div>
          )}
          {auth ? (
            (['spf', 'dkim', 'dmarc'] as const).map((check) => (
              <div key={check}>
                <dt>{check.toUpperCase()}</dt>
                <dd>
                  <Badge tone={verdictTone(auth[check])}>{auth[check]}</Badge>
                  {check === 'dmarc' && auth.dmarcPolicy && <> (domain policy: {auth.dmarcPolicy})</>}
                </dd>
              </div>
            ))
          ) : (
            <div>
              <dt>Authentication</dt>
              <dd>Not checked</dd>
            </div>
          )}
          {email.autoSubmitted && (
            <div>
              <dt>Automatic</dt>
              <dd>{email.autoSubmitted}</dd>
            </div>
          )}
          {email.warnings.length > 0 && (
            <div>
              <dt>Warnings</dt>
              <dd>{email.warnings.join('; ')}</dd>
            </div>
          )}
        </dl>
      </div>
    </details>
  );
}
