import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import type { MessageDto, NoteDto, TicketDetail } from '@rapport/contracts/tickets';
import { Button } from '@rapport/ui/button';
import { LockIcon } from '@rapport/ui/icons';
import { useAnnounce } from '@rapport/ui/live-region';
import { Spinner } from '@rapport/ui/spinner';
import { formatAbsoluteTime } from '../../../lib/relative-time.ts';
import { useCurrentSession } from '../../auth/components/session-context.tsx';
import { buildTimeline, type TimelineEntry } from './timeline-entries.ts';
import { AuthenticationDetails, DeliveryStatusLine, ThreadRuleLabel } from './email-message-details.tsx';

// DOMPurify and the frame load only when an agent asks for the original formatting.
const EmailHtmlFrame = lazy(() =>
  import('./email-html-frame.tsx').then((module) => ({ default: module.EmailHtmlFrame })),
);

const authorRoles = { customer: 'Customer', agent: 'Agent', system: 'System' } as const;

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** language: the ticket's, so screen readers pronounce the customer's words in their language. */
function TimelineMessage({ message, language }: { message: MessageDto; language: string | undefined }) {
  const [isShowingHtml, setIsShowingHtml] = useState(false);
  const [isShowingQuote, setIsShowingQuote] = useState(false);
  const direction = message.direction === 'inbound' ? 'inbound' : 'outbound';
  return (
    <article className={`timeline-item timeline-item--${direction}`} data-testid="timeline-message">
      <header className="timeline-item__header">
        <h3 className="timeline-item__author">
          {message.author.name}
          <span className="timeline-item__role"> · {authorRoles[message.author.type]}</span>
        </h3>
        <span className="timeline-item__meta">
          {direction === 'inbound' ? 'Received' : 'Sent'} by {message.channel} ·{' '}
          <time dateTime={message.createdAt}>{formatAbsoluteTime(message.createdAt)}</time>
          {message.threadRule && (
            <>
              {' '}
              <ThreadRuleLabel rule={message.threadRule} />
            </>
          )}
        </span>
      </header>
      {message.delivery && <DeliveryStatusLine delivery={message.delivery} />}
      {isShowingHtml && message.html ? (
        <Suspense fallback={<Spinner label="Loading original email…" />}>
          <EmailHtmlFrame html={message.html} title={`Original email from ${message.author.name}`} />
        </Suspense>
      ) : (
        <div className="timeline-item__text" lang={language}>
          {message.text}
        </div>
      )}
      {message.quotedText && (
        <div className="timeline-item__quoted" id={`quoted-${message.id}`} lang={language} data-testid="quoted-text" hidden={!isShowingQuote}>
          {message.quotedText}
        </div>
      )}
      <div className="timeline-item__tools">
        {message.quotedText && (
          <Button
            size="sm"
            variant="ghost"
            aria-expanded={isShowingQuote}
            aria-controls={`quoted-${message.id}`}
            onClick={() => setIsShowingQuote((current) => !current)}
          >
            {isShowingQuote ? 'Hide quoted text' : 'Show quoted text'}
          </Button>
        )}
        {message.html && (
          <Button
            size="sm"
            variant="ghost"
            aria-pressed={isShowingHtml}
            onClick={() => setIsShowingHtml((current) => !current)}
          >
            {isShowingHtml ? 'Show plain text' : 'Show original formatting'}
          </Button>
        )}
        {message.hasRaw && (
          <a className="rp-button rp-button--ghost rp-button--sm" href={`/api/v1/messages/${message.id}/raw`} download>
            View original
          </a>
        )}
        {message.email && <AuthenticationDetails email={message.email} />}
      </div>
      {message.attachments.length > 0 && (
        <ul className="timeline-item__attachments" aria-label="Attachments">
          {message.attachments.map((attachment) => (
            <li key={attachment.id}>
              <a href={`/api/v1/attachments/${attachment.id}`} target="_blank" rel="noopener noreferrer">
                {attachment.filename}
              </a>{' '}
              <span className="timeline-item__meta">({formatSize(attachment.size)})</span>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}

function TimelineNote({ note }: { note: NoteDto }) {
  return (
    <article className="timeline-item timeline-item--note" data-testid="timeline-note">
      <header className="timeline-item__header">
        <h3 className="timeline-item__author">
          <LockIcon className="rp-icon timeline-item__note-icon" />
          Internal note by {note.author.name}
        </h3>
        <span className="timeline-item__meta">
          Only agents see this ·{' '}
          <time dateTime={note.createdAt}>{formatAbsoluteTime(note.createdAt)}</time>
        </span>
      </header>
      <div className="timeline-item__text">{note.text}</div>
    </article>
  );
}

function describeEntry(entry: TimelineEntry): string {
  return entry.kind === 'note'
    ? `New internal note from ${entry.item.author.name}`
    : `New message from ${entry.item.author.name}`;
}

/**
 * Announces entries that arrive while the ticket is open (another agent's note, the customer's
 * reply), except the signed-in agent's own, which the composer already confirmed.
 */
function useAnnounceNewEntries(ticketId: string, entries: TimelineEntry[]) {
  const announce = useAnnounce();
  const { user } = useCurrentSession();
  const seen = useRef<{ ticketId: string; ids: Set<string> } | null>(null);

  useEffect(() => {
    const ids = new Set(entries.map((entry) => entry.item.id));
    const previous = seen.current;
    seen.current = { ticketId, ids };
    if (!previous || previous.ticketId !== ticketId) return;
    for (const entry of entries) {
      if (previous.ids.has(entry.item.id) || entry.item.author.id === user.id) continue;
      announce(describeEntry(entry));
    }
  }, [announce, entries, ticketId, user.id]);
}

export function ConversationTimeline({ ticket }: { ticket: TicketDetail }) {
  const entries = useMemo(() => buildTimeline(ticket), [ticket]);
  useAnnounceNewEntries(ticket.id, entries);
  return (
    <section className="timeline" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading" className="rp-visually-hidden">
        Conversation
      </h2>
      {entries.length === 0 ? (
        <p className="timeline__empty">No messages yet.</p>
      ) : (
        <ol className="timeline__list">
          {entries.map((entry) => (
            <li key={`${entry.kind}-${entry.item.id}`}>
              {entry.kind === 'message' ? <TimelineMessage message={entry.item} language={ticket.language ?? undefined} /> : <TimelineNote note={entry.item} />}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
