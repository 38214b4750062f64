import type { EmailMeta, MessageDto, ThreadRule } from '@rapport/contracts/tickets';
import { Badge } from '@rapport/ui/badge';
import { t } from '../../../i18n/i18n.ts';

/** How each threading rule is named on the ticket, and what it means (the tooltip). */
export const threadRuleLabels: Record<ThreadRule, { label: string; meaning: string }> = {
  new_ticket: { label: t('ticket.thread.new_ticket.label'), meaning: t('ticket.thread.new_ticket.meaning') },
  reply_token: { label: t('ticket.thread.reply_token.label'), meaning: t('ticket.thread.reply_token.meaning') },
  references: { label: t('ticket.thread.references.label'), meaning: t('ticket.thread.references.meaning') },
  subject: { label: t('ticket.thread.subject.label'), meaning: t('ticket.thread.subject.meaning') },
  accepted: { label: t('ticket.thread.accepted.label'), meaning: t('ticket.thread.accepted.meaning') },
  moved: { label: t('ticket.thread.moved.label'), meaning: t('ticket.thread.moved.meaning') },
  split: { label: t('ticket.thread.split.label'), meaning: t('ticket.thread.split.meaning') },
};

export function ThreadRuleLabel({ rule }: { rule: ThreadRule }) {
  const { label, meaning } = threadRuleLabels[rule];
  return (
    <Badge tone="thread-rule" title={meaning} data-testid="thread-rule">
      <span className="rp-visually-hidden">{t('ticket.thread.prefix')}</span>
      {label}
    </Badge>
  );
}

const deliveryText = { queued: 'ticket.delivery.queued', sent: 'ticket.delivery.sent', failed: 'ticket.delivery.failed' } as const;

/** Outbound email delivery: queued, sent, or failed with the reason (bounces included), failures in red. */
export function DeliveryStatusLine({ delivery }: { delivery: NonNullable<MessageDto['delivery']> }) {
  const isFailed = delivery.status === 'failed';
  return (
    <p className={`timeline-item__delivery timeline-item__delivery--${delivery.status}`} role={isFailed ? 'alert' : undefined} data-testid="delivery-status">
      <span className="timeline-item__delivery-dot" aria-hidden="true" />
      <strong>{t(deliveryText[delivery.status])}</strong>
      {delivery.error && <>: {delivery.error}</>}
    </p>
  );
}

const verdictTone = (verdict: string) => (verdict === 'pass' ? 'success' : verdict === 'fail' || verdict === 'softfail' ? 'danger' : 'neutral');

/** SPF, DKIM and DMARC results and the addresses, folded away until asked for. */
export function AuthenticationDetails({ email }: { email: EmailMeta }) {
  const auth = email.auth;
  const summary = auth ? t(auth.dmarc === 'pass' ? 'ticket.email.verified' : auth.dmarc === 'fail' ? 'ticket.email.notVerified' : 'ticket.email.checks') : t('ticket.email.details');
  return (
    <details className="email-details">
      <summary className="rp-button rp-button--ghost rp-button--sm">{summary}</summary>
      <div className="email-details__panel">
        <dl>
          {email.from && (
            <div>
              <dt>{t('ticket.email.from')}</dt>
              <dd>{email.from.name ? `${email.from.name} <${email.from.address}>` : email.from.address}</dd>
            </div>
          )}
          {email.to.length > 0 && (
            <div>
              <dt>{t('ticket.email.to')}</dt>
              <dd>{email.to.map((person) => person.address).join(', ')}</dd>
            </div>
          )}
          {email.cc.length > 0 && (
            <div>
              <dt>{t('ticket.email.cc')}</dt>
              <dd>{email.cc.map((person) => person.address).join(', ')}</dd>
            </div>
          )}
          {auth ? (
            (['spf', 'dkim', 'dmarc'] as const).map((check) => (
              <div key={check}>
                <dt>{check.toUpperCase()}</dt>
                <dd>
                  <Badge tone={verdictTone(auth[check])}>{auth[check]}</Badge>
                  {check === 'dmarc' && auth.dmarcPolicy && <> {t('ticket.email.domainPolicy', { policy: auth.dmarcPolicy })}</>}
                </dd>
              </div>
            ))
          ) : (
            <div>
              <dt>{t('ticket.email.authentication')}</dt>
              <dd>{t('ticket.email.notChecked')}</dd>
            </div>
          )}
          {email.autoSubmitted && (
            <div>
              <dt>{t('ticket.email.automatic')}</dt>
              <dd>{email.autoSubmitted}</dd>
            </div>
          )}
          {email.warnings.length > 0 && (
            <div>
              <dt>{t('ticket.email.warnings')}</dt>
              <dd>{email.warnings.join('; ')}</dd>
            </div>
          )}
        </dl>
      </div>
    </details>
  );
}
