import type { Ref } from 'react';
import type { TicketSummary } from '@rapport/contracts/tickets';
import { PriorityBadge, StatusBadge, TagBadge } from '@rapport/ui/badge';
import { VisuallyHidden } from '@rapport/ui/visually-hidden';
import { RelativeTime } from '../../../lib/relative-time-view.tsx';
import { Link } from '../../../router/router.tsx';

export interface TicketRowProps {
  ticket: TicketSummary;
  isActive: boolean;
  now: number;
  linkRef?: Ref<HTMLAnchorElement>;
  onFocus: () => void;
  onOpen: () => void;
}

/** One inbox row. The subject link stretches over the whole row; only the active row is a tab stop. */
export function TicketRow({ ticket, isActive, now, linkRef, onFocus, onOpen }: TicketRowProps) {
  return (
    <li className="ticket-row" data-active={isActive || undefined} data-testid="inbox-row">
      <span className="ticket-row__number">#{ticket.number}</span>
      <span className="ticket-row__main">
        <Link
          ref={linkRef}
          to={`/tickets/${ticket.number}`}
          className="ticket-row__subject"
          tabIndex={isActive ? 0 : -1}
          onFocus={onFocus}
          onClick={onOpen}
        >
          {ticket.subject || '(no subject)'}
        </Link>
        <span className="ticket-row__customer">
          <VisuallyHidden>from </VisuallyHidden>
          {ticket.customer.name}
        </span>
      </span>
      <span className="ticket-row__status">
        <StatusBadge status={ticket.status} />
      </span>
      <span className="ticket-row__priority">
        <VisuallyHidden>Priority </VisuallyHidden>
        <PriorityBadge priority={ticket.priority} />
      </span>
      <span className="ticket-row__assignee">
        {ticket.assignee ? (
          <>
            <VisuallyHidden>Assigned to </VisuallyHidden>
            {ticket.assignee.name}
          </>
        ) : (
          <span className="ticket-row__muted">Unassigned</span>
        )}
      </span>
      <span className="ticket-row__tags">
        {ticket.tags.length > 0 && <VisuallyHidden>Tags: </VisuallyHidden>}
        {ticket.tags.slice(0, 3).map((tag) => (
          <TagBadge key={tag} name={tag} />
        ))}
        {ticket.tags.length > 3 && <span className="ticket-row__muted">+{ticket.tags.length - 3}</span>}
      </span>
      <span className="ticket-row__updated">
        <VisuallyHidden>Updated </VisuallyHidden>
        <RelativeTime iso={ticket.updatedAt} now={now} />
      </span>
    </li>
  );
}
