import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import type { MessageDto, NoteDto, TicketDetail } from '@rapport/contracts/tickets';
import { Alert } from '@rapport/ui/alert';
import { Button } from '@rapport/ui/button';
import { LockIcon } from '@rapport/ui/icons';
import { useAnnounce } from '@rapport/ui/live-region';
import { Spinner } from '@rapport/ui/spinner';
import { describeError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { formatAbsoluteTime } from '../../../lib/relative-time.ts';
import { useCurrentSession } from '../../auth/components/session-context.tsx';
import { describeAuditEntry } from '../audit-format.ts';
import { useCustomFieldDefinitions } from '../hooks/use-ticket-catalogues.ts';
import { useTicketEvents } from '../hooks/use-ticket-audit.ts';
import { buildTimeline, type TimelineEntry } from './timeline-entries.ts';
import { AuthenticationDetails, DeliveryStatusLine, ThreadRuleLabel } from './email-message-details.tsx';
import { SplitMessageButton } from './split-merge.tsx';
import { TimelineEvent } from './timeline-event.tsx';

// DOMPurify and the frame load only when an agent asks for the original formatting.
const EmailHtmlFrame = lazy(() =>
  import('./email-html-frame.tsx').then((module) => ({ default: module.EmailHtmlFrame })),
);

const authorRoles = { customer: 'ticket.message.role.customer', agent: 'ticket.message.role.agent', system: 'ticket.message.role.system' } as const;

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

interface TimelineMessageProps {
  message: MessageDto;
  /** The ticket's, so screen readers pronounce the customer's words in their language. */
  language: string | undefined;
  ticketRef: string;
  subject: string;
  /** The first message is the ticket itself and cannot be split out. */
  canSplit: boolean;
}

function TimelineMessage({ message, language, ticketRef, subject, canSplit }: TimelineMessageProps) {
  const [isShowingHtml, setIsShowingHtml] = useState(false);
  const [isShowingQuote, setIsShowingQuote] = useState(false);
  const direction = message.direction === 'inbound' ? 'inbound' : 'outbound';
  return (
    <article className={`timeline-item timeline-item--${direction}`} data-testid="timeline-message">
      <header className="timeline-item__header">
        <h3 className="timeline-item__author">
          {message.author.name}
          <span className="timeline-item__role"> · {t(authorRoles[message.author.type])}</span>
        </h3>
        <span className="timeline-item__meta">
          {t(direction === 'inbound' ? 'ticket.message.received' : 'ticket.message.sent', { channel: message.channel })} ·{' '}
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
        <Suspense fallback={<Spinner label={t('ticket.message.loadingOriginal')} />}>
          {/* Keyed by message: allowing remote images is a choice for this one email, never remembered. */}
          <EmailHtmlFrame key={message.id} html={message.html} title={t('ticket.message.frameTitle', { name: message.author.name })} />
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
      {message.attachments.length > 0 && (
        <ul className="timeline-item__attachments" aria-label={t('ticket.attachments.label')}>
          {message.attachments.map((attachment) => (
            <li key={attachment.id}>
              {/* Always a download: the server also serves anything risky (HTML, SVG, executables) as an attachment. */}
              <a
                href={`/api/v1/attachments/${attachment.id}`}
                download={attachment.filename}
                aria-label={t('ticket.attachments.download', { name: attachment.filename })}
              >
                {attachment.filename}
              </a>{' '}
              <span className="timeline-item__meta">
                ({attachment.contentType}, {formatSize(attachment.size)})
              </span>
            </li>
          ))}
        </ul>
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
            {isShowingQuote ? t('ticket.message.hideQuote') : t('ticket.message.showQuote')}
          </Button>
        )}
        {message.html && (
          <Button
            size="sm"
            variant="ghost"
            aria-pressed={isShowingHtml}
            onClick={() => setIsShowingHtml((current) => !current)}
          >
            {isShowingHtml ? t('ticket.message.showText') : t('ticket.message.showHtml')}
          </Button>
        )}
        {message.hasRaw && (
          <a className="rp-button rp-button--ghost rp-button--sm" href={`/api/v1/messages/${message.id}/raw`} download>
            {t('ticket.message.viewRaw')}
          </a>
        )}
        {canSplit && <SplitMessageButton ticketRef={ticketRef} subject={subject} message={message} />}
        {message.email && <AuthenticationDetails email={message.email} />}
      </div>
    </article>
  );
}

function TimelineNote({ note }: { note: NoteDto }) {
  return (
    <article className="timeline-item timeline-item--note" data-testid="timeline-note">
      <header className="timeline-item__header">
        <h3 className="timeline-item__author">
          <LockIcon className="rp-icon timeline-item__note-icon" />
          {t('ticket.note.by', { name: note.author.name })}
        </h3>
        <span className="timeline-item__meta">
          {t('ticket.note.private')} ·{' '}
          <time dateTime={note.createdAt}>{formatAbsoluteTime(note.createdAt)}</time>
        </span>
      </header>
      <div className="timeline-item__text">{note.text}</div>
    </article>
  );
}

function describeEntry(entry: Exclude<TimelineEntry, { kind: 'event' }>): string {
  return entry.kind === 'note'
    ? t('ticket.announce.note', { name: entry.item.author.name })
    : t('ticket.announce.message', { name: entry.item.author.name });
}

/**
 * Announces messages and notes that arrive while the ticket is open (another agent's note, the
 * customer's reply), except the signed-in agent's own, which the composer already confirmed.
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
      if (entry.kind === 'event') continue;
      if (previous.ids.has(entry.item.id) || entry.item.author.id === user.id) continue;
      announce(describeEntry(entry));
    }
  }, [announce, entries, ticketId, user.id]);
}

export function ConversationTimeline({ ticket, ticketRef }: { ticket: TicketDetail; ticketRef: string }) {
  const events = useTicketEvents(ticketRef);
  const fields = useCustomFieldDefinitions();
  const customFieldLabels = useMemo(() => Object.fromEntries((fields.data ?? []).map((field) => [field.key, field.label])), [fields.data]);
  const entries = useMemo(() => {
    const page = events.data;
    const described = page ? page.items.map((item) => describeAuditEntry(item, page.names)) : [];
    return buildTimeline(ticket, described);
  }, [ticket, events.data]);
  useAnnounceNewEntries(ticket.id, entries);
  const firstMessageId = useMemo(
    () => [...ticket.messages].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt))[0]?.id,
    [ticket.messages],
  );
  return (
    <section className="timeline" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading" className="rp-visually-hidden">
        {t('ticket.timeline.heading')}
      </h2>
      {events.isError && <Alert>{t('ticket.timeline.eventsError', { error: describeError(events.error) })}</Alert>}
      {events.data?.nextCursor && <p className="timeline__note">{t('ticket.timeline.olderEvents')}</p>}
      {entries.length === 0 ? (
        <p className="timeline__empty">{t('ticket.timeline.empty')}</p>
      ) : (
        <ol className="timeline__list">
          {entries.map((entry) => (
            <li key={`${entry.kind}-${entry.item.id}`}>
              {entry.kind === 'message' ? (
                <TimelineMessage
                  message={entry.item}
                  language={ticket.language ?? undefined}
                  ticketRef={ticketRef}
                  subject={ticket.subject}
                  canSplit={entry.item.id !== firstMessageId && !ticket.mergedIntoId}
                />
              ) : entry.kind === 'note' ? (
                <TimelineNote note={entry.item} />
              ) : (
                <TimelineEvent event={entry.item} customFieldLabels={customFieldLabels} />
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
