import { formatAbsoluteTime } from '../../../lib/relative-time.ts';
import { t } from '../../../i18n/i18n.ts';
import { Link } from '../../../router/router.tsx';
import type { DescribedEntry } from '../audit-format.ts';
import { actorLabel, changeSentences, noteSentences, relatedSentence } from './event-text.ts';

/** A change to the ticket in the conversation: a compact line, unlike messages and notes. */
export function TimelineEvent({ event, customFieldLabels }: { event: DescribedEntry; customFieldLabels: Record<string, string> }) {
  const headline = relatedSentence(event);
  const sentences = [...noteSentences(event), ...event.changes.flatMap((change) => changeSentences(change, customFieldLabels))];
  return (
    <div className="timeline-event" data-testid="timeline-event">
      <span className="timeline-event__marker" aria-hidden="true" />
      <p className="timeline-event__text">
        <span className="rp-visually-hidden">{t('ticket.event.label')}: </span>
        <strong>{actorLabel(event)}</strong>
        {' · '}
        {headline && event.related ? (
          <Link to={`/tickets/${event.related.number}`}>{headline}</Link>
        ) : (
          sentences.join(' · ')
        )}
        {' · '}
        <time className="timeline-event__time" dateTime={event.at}>
          {formatAbsoluteTime(event.at)}
        </time>
      </p>
    </div>
  );
}
