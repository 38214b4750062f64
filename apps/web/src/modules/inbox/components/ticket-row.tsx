import type { MouseEvent, Ref } from 'react';
import type { TicketSummary } from '@rapport/contracts/tickets';
import { PriorityBadge, StatusBadge, TagBadge } from '@rapport/ui/badge';
import { VisuallyHidden } from '@rapport/ui/visually-hidden';
import { t } from '../../../i18n/i18n.ts';
import { RelativeTime } from '../../../lib/relative-time-view.tsx';
import { Link } from '../../../router/router.tsx';
import { SlaBadge } from '../../service/components/sla-badge.tsx';

export interface TicketRowProps {
  ticket: TicketSummary;
  isActive: boolean;
  isSelected: boolean;
  now: number;
  linkRef?: Ref<HTMLAnchorElement>;
  onFocus: () => void;
  onOpen: () => void;
  /** Checkbox click; `isRange` when Shift was held. */
  onSelect: (isRange: boolean) => void;
}

/**
 * One inbox row. The subject link stretches over the whole row; only the active row is a tab stop.
 * Unread rows are bold with a dot, and say "Unread" to screen readers (never colour alone).
 */
export function TicketRow({ ticket, isActive, isSelected, now, linkRef, onFocus, onOpen, onSelect }: TicketRowProps) {
  const isUnread = ticket.isUnread === true;
  return (
    <li
      className="ticket-row"
      data-active={isActive || undefined}
      data-selected={isSelected || undefined}
      data-unread={isUnread || undefined}
      data-testid="inbox-row"
    >
      <span className="ticket-row__select">
        <input
          type="checkbox"
          className="ticket-row__checkbox"
          checked={isSelected}
          aria-label={t('inbox.row.select', { number: ticket.number })}
          tabIndex={isActive ? 0 : -1}
          // The selection lives in the list; a shift-click (or shift-space) selects a range.
          onClick={(event: MouseEvent<HTMLInputElement>) => onSelect(event.shiftKey)}
          onChange={() => undefined}
        />
      </span>
      <span className="ticket-row__number">
        {isUnread && <span className="ticket-row__dot" aria-hidden="true" />}#{ticket.number}
      </span>
      <span className="ticket-row__main">
        <Link
          ref={linkRef}
          to={`/tickets/${ticket.number}`}
          className="ticket-row__subject"
          tabIndex={isActive ? 0 : -1}
          onFocus={onFocus}
          onClick={onOpen}
        >
          {isUnread && <VisuallyHidden>{t('inbox.row.unread')}: </VisuallyHidden>}
          {ticket.subject || t('inbox.row.noSubject')}
        </Link>
        <span className="ticket-row__customer">
          <VisuallyHidden>{t('inbox.row.from')} </VisuallyHidden>
          {ticket.customer.name}
        </span>
        {ticket.sla && <SlaBadge sla={ticket.sla} now={now} />}
      </span>
      <span className="ticket-row__status">
        <StatusBadge status={ticket.status} label={t(`inbox.status.${ticket.status}`)} />
      </span>
      <span className="ticket-row__priority">
        <VisuallyHidden>{t('inbox.row.priority')} </VisuallyHidden>
        <PriorityBadge priority={ticket.priority} />
      </span>
      <span className="ticket-row__assignee">
        {ticket.assignee ? (
          <>
            <VisuallyHidden>{t('inbox.row.assignedTo')} </VisuallyHidden>
            {ticket.assignee.name}
          </>
        ) : (
          <span className="ticket-row__muted">{t('common.unassigned')}</span>
        )}
      </span>
      <span className="ticket-row__tags">
        {ticket.tags.length > 0 && <VisuallyHidden>{t('inbox.row.tags')} </VisuallyHidden>}
        {ticket.tags.slice(0, 3).map((tag) => (
          <TagBadge key={tag} name={tag} />
        ))}
        {ticket.tags.length > 3 && <span className="ticket-row__muted">+{ticket.tags.length - 3}</span>}
      </span>
      <span className="ticket-row__updated">
        <VisuallyHidden>{t('inbox.row.updated')} </VisuallyHidden>
        <RelativeTime iso={ticket.updatedAt} now={now} />
      </span>
    </li>
  );
}
