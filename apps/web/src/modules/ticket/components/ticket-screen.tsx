import { useEffect, useMemo, useRef, type RefObject } from 'react';
import { Alert } from '@rapport/ui/alert';
import { PriorityBadge, StatusBadge } from '@rapport/ui/badge';
import { Button } from '@rapport/ui/button';
import { EmptyState } from '@rapport/ui/empty-state';
import { Kbd } from '@rapport/ui/kbd';
import { Spinner } from '@rapport/ui/spinner';
import { describeError, isApiError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { isTypingTarget } from '../../../lib/is-typing-target.ts';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { useFocusOnRouteChange } from '../../../lib/use-focus-on-mount.ts';
import { Link, navigate } from '../../../router/router.tsx';
import { getLastInboxPath } from '../../../shell/navigation-memory.ts';
import { Composer, type ComposerHandle } from '../../composer/components/composer.tsx';
import { HeldEmailsBanner } from '../../email/components/held-emails-banner.tsx';
import { useTicket } from '../hooks/use-ticket.ts';
import { CustomerPanel } from '../../customer/components/customer-panel.tsx';
import { useCustomFieldDefinitions } from '../hooks/use-ticket-catalogues.ts';
import { AuditTrailButton } from './audit-trail.tsx';
import { ConversationTimeline } from './conversation-timeline.tsx';
import { MergeTicketButton } from './split-merge.tsx';
import { TicketProperties } from './ticket-properties.tsx';
import { CollisionWarning } from '../../teamwork/components/collision-warning.tsx';
import { TicketTeamwork } from '../../teamwork/components/ticket-teamwork.tsx';
import { useMarkTicketRead } from '../../inbox/hooks/use-mark-ticket-read.ts';
import { TicketShortcuts } from '../../../shell/shortcuts/ticket-shortcuts.tsx';
import { TicketSlaPanel } from '../../service/components/ticket-sla-panel.tsx';
import { PlaybookPanel } from '../../playbooks/components/playbook-panel.tsx';
import { ResolutionPanel } from '../../resolutions/components/resolution-panel.tsx';
import { TicketEscalationPanel } from '../../escalations/components/ticket-escalation-panel.tsx';
import { TicketPromisesPanel } from '../../promises/components/ticket-promises-panel.tsx';
import { TicketWaitingPanel } from '../../waiting/components/ticket-waiting-panel.tsx';
import { TicketAutomationRunsPanel } from '../../automations/components/ticket-automation-runs-panel.tsx';
import { TicketOverridesPanel } from '../../overrides/components/ticket-overrides-panel.tsx';
import { TicketRoutingPanel } from '../../overrides/components/ticket-routing-panel.tsx';
import './ticket-screen.css';

/** r = reply, n = note, u = back to the inbox; ignored while typing. */
function useTicketShortcuts(composer: RefObject<ComposerHandle | null>) {
  useEffect(() => {
    function handleKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      if (isTypingTarget(event.target)) return;
      const actions: Record<string, () => void> = {
        r: () => composer.current?.focus('reply'),
        n: () => composer.current?.focus('note'),
        u: () => navigate(getLastInboxPath()),
      };
      const action = actions[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    }
    document.addEventListener('keydown', handleKeyDown);
    return () => document.removeEventListener('keydown', handleKeyDown);
  }, [composer]);
}

export function TicketScreen({ ticketRef }: { ticketRef: string }) {
  const ticket = useTicket(ticketRef);
  const composerRef = useRef<ComposerHandle>(null);
  const headingRef = useFocusOnRouteChange<HTMLHeadingElement>(
    `ticket:${ticketRef}:${ticket.data ? 'ready' : ticket.status}`,
  );
  useTicketShortcuts(composerRef);
  useMarkTicketRead(ticket.data?.id, ticket.data?.lastMessageAt); // inbox unread markers
  const customFields = useCustomFieldDefinitions();
  const customFieldLabels = useMemo(() => Object.fromEntries((customFields.data ?? []).map((field) => [field.key, field.label])), [customFields.data]);
  useDocumentTitle(ticket.data ? `#${ticket.data.number} ${ticket.data.subject}` : `Ticket ${ticketRef}`);

  const backLink = (
    <Link to={getLastInboxPath()} className="ticket-screen__back">
      {t('ticket.screen.back')}
    </Link>
  );

  const detail = ticket.data;
  if (!detail && ticket.isPending) {
    return (
      <div className="ticket-screen__state">
        {backLink}
        <Spinner label={t('ticket.screen.loading')} isLabelVisible />
      </div>
    );
  }

  if (!detail) {
    const isMissing = isApiError(ticket.error) && ticket.error.status === 404;
    return (
      <div className="ticket-screen__state">
        {backLink}
        <h1 ref={headingRef} tabIndex={-1} className="ticket-screen__title">
          {isMissing ? t('ticket.screen.notFound') : t('ticket.screen.loadFailed')}
        </h1>
        {isMissing ? (
          <EmptyState title={t('ticket.screen.missing', { ref: ticketRef })} />
        ) : (
          <>
            <Alert>{describeError(ticket.error)}</Alert>
            <Button onClick={() => void ticket.refetch()}>{t('common.retry')}</Button>
          </>
        )}
      </div>
    );
  }

  return (
    <div className="ticket-screen">
      <TicketShortcuts ticket={detail} ticketRef={ticketRef} />
      <div className="ticket-screen__main">
        <header className="ticket-screen__header">
          {backLink}
          <h1 ref={headingRef} tabIndex={-1} className="ticket-screen__title" lang={detail.language ?? undefined}>
            {detail.subject || t('ticket.screen.noSubject')}
          </h1>
          <p className="ticket-screen__summary">
            <span className="ticket-screen__number">#{detail.number}</span>
            <StatusBadge status={detail.status} />
            <PriorityBadge priority={detail.priority} />
            <span>
              {t('ticket.screen.from')} <strong>{detail.customer.name}</strong>
              {detail.customer.email && <span className="ticket-screen__muted"> &lt;{detail.customer.email}&gt;</span>}
            </span>
          </p>
          <p className="ticket-screen__hint">
            <Kbd>r</Kbd> reply · <Kbd>n</Kbd> note · <Kbd>u</Kbd> back to inbox
          </p>
          <div className="ticket-screen__actions" role="group" aria-label={t('ticket.screen.actions')}>
            {!detail.mergedIntoId && <MergeTicketButton ticketRef={ticketRef} ticketId={detail.id} ticketNumber={detail.number} />}
            <AuditTrailButton ticketRef={ticketRef} ticketNumber={detail.number} customFieldLabels={customFieldLabels} />
          </div>
          <TicketTeamwork key={detail.id} ticketId={detail.id} />
        </header>
        {detail.mergedIntoId && (
          <p className="ticket-screen__merged" role="note">
            {t('ticket.screen.merged')}{' '}
            <Link to={`/tickets/${detail.mergedIntoId}`}>{t('ticket.screen.openMerged')}</Link>
          </p>
        )}
        <HeldEmailsBanner ticketRef={ticketRef} ticketNumber={detail.number} />
        <ConversationTimeline ticket={detail} ticketRef={ticketRef} />
        <CollisionWarning key={`collision-${detail.id}`} ticket={detail} />
        <Composer
          key={detail.id}
          handleRef={composerRef}
          ticketId={detail.id}
          ticketRef={ticketRef}
          customerName={detail.customer.name}
        />
      </div>
      <div className="ticket-screen__side">
        <TicketProperties ticket={detail} ticketRef={ticketRef} />
        <TicketSlaPanel ticketRef={ticketRef} ticketVersion={`${detail.updatedAt}|${detail.priority}|${detail.status}`} />
        <TicketWaitingPanel ticketRef={ticketRef} ticket={detail} />
        <TicketRoutingPanel ticketRef={ticketRef} ticket={detail} />
        <PlaybookPanel ticketRef={ticketRef} composer={composerRef} />
        <ResolutionPanel ticketRef={ticketRef} isClosed={detail.status === 'closed' || detail.mergedIntoId !== null} />
        <TicketEscalationPanel ticket={detail} ticketRef={ticketRef} />
        <TicketPromisesPanel ticketRef={ticketRef} />
        <TicketAutomationRunsPanel ticketRef={ticketRef} />
        <TicketOverridesPanel ticketRef={ticketRef} />
        <CustomerPanel ticket={detail} />
      </div>
    </div>
  );
}
