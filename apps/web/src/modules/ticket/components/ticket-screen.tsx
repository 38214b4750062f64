import { useEffect, useRef, type RefObject } from 'react';
import { Alert } from '@rapport/ui/alert';
import { PriorityBadge, StatusBadge } from '@rapport/ui/badge';
import { Button } from '@rapport/ui/button';
import { EmptyState } from '@rapport/ui/empty-state';
import { Kbd } from '@rapport/ui/kbd';
import { Spinner } from '@rapport/ui/spinner';
import { describeError, isApiError } from '../../../api/api-error.ts';
import { isTypingTarget } from '../../../lib/is-typing-target.ts';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { useFocusOnRouteChange } from '../../../lib/use-focus-on-mount.ts';
import { Link, navigate } from '../../../router/router.tsx';
import { getLastInboxPath } from '../../../shell/navigation-memory.ts';
import { Composer, type ComposerHandle } from '../../composer/components/composer.tsx';
import { HeldEmailsBanner } from '../../email/components/held-emails-banner.tsx';
import { useTicket } from '../hooks/use-ticket.ts';
import { ConversationTimeline } from './conversation-timeline.tsx';
import { TicketProperties } from './ticket-properties.tsx';
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
  useDocumentTitle(ticket.data ? `#${ticket.data.number} ${ticket.data.subject}` : `Ticket ${ticketRef}`);

  const backLink = (
    <Link to={getLastInboxPath()} className="ticket-screen__back">
      ← Back to inbox
    </Link>
  );

  const detail = ticket.data;
  if (!detail && ticket.isPending) {
    return (
      <div className="ticket-screen__state">
        {backLink}
        <Spinner label="Loading ticket…" isLabelVisible />
      </div>
    );
  }

  if (!detail) {
    const isMissing = isApiError(ticket.error) && ticket.error.status === 404;
    return (
      <div className="ticket-screen__state">
        {backLink}
        <h1 ref={headingRef} tabIndex={-1} className="ticket-screen__title">
          {isMissing ? 'Ticket not found' : 'Could not load this ticket'}
        </h1>
        {isMissing ? (
          <EmptyState title={`There is no ticket ${ticketRef} in this workspace.`} />
        ) : (
          <>
            <Alert>{describeError(ticket.error)}</Alert>
            <Button onClick={() => void ticket.refetch()}>Try again</Button>
          </>
        )}
      </div>
    );
  }

  return (
    <div className="ticket-screen">
      <div className="ticket-screen__main">
        <header className="ticket-screen__header">
          {backLink}
          <h1 ref={headingRef} tabIndex={-1} className="ticket-screen__title" lang={detail.language ?? undefined}>
            {detail.subject || '(no subject)'}
          </h1>
          <p className="ticket-screen__summary">
            <span className="ticket-screen__number">#{detail.number}</span>
            <StatusBadge status={detail.status} />
            <PriorityBadge priority={detail.priority} />
            <span>
              from <strong>{detail.customer.name}</strong>
              {detail.customer.email && <span className="ticket-screen__muted"> &lt;{detail.customer.email}&gt;</span>}
            </span>
          </p>
          <p className="ticket-screen__hint">
            <Kbd>r</Kbd> reply · <Kbd>n</Kbd> note · <Kbd>u</Kbd> back to inbox
          </p>
        </header>
        {detail.mergedIntoId && (
          <p className="ticket-screen__merged" role="note">
            This ticket was merged into another one.{' '}
            <Link to={`/tickets/${detail.mergedIntoId}`}>Open the ticket it was merged into</Link>
          </p>
        )}
        <HeldEmailsBanner ticketRef={ticketRef} ticketNumber={detail.number} />
        <ConversationTimeline ticket={detail} />
        <Composer
          key={detail.id}
          handleRef={composerRef}
          ticketId={detail.id}
          ticketRef={ticketRef}
          customerName={detail.customer.name}
        />
      </div>
      <TicketProperties ticket={detail} ticketRef={ticketRef} />
    </div>
  );
}
