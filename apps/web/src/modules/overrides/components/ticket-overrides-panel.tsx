import { t } from '../../../i18n/i18n.ts';
import { formatAbsoluteTime } from '../../../lib/relative-time.ts';
import { actorName, describeOverride, kindLabel } from '../override-logic.ts';
import { useTicketOverrides } from '../overrides-api.ts';
import './overrides.css';

/**
 * The ticket's overrides of automatic decisions (P7), oldest first: what was overridden, why, by
 * whom and when. Shown only when there is at least one.
 */
export function TicketOverridesPanel({ ticketRef }: { ticketRef: string }) {
  const overrides = useTicketOverrides(ticketRef);
  const items = overrides.data ?? [];
  if (items.length === 0) return null;
  return (
    <section className="rp-side-panel" aria-labelledby="overrides-panel-heading" data-testid="overrides-panel">
      <h2 id="overrides-panel-heading" className="rp-side-panel__heading">
        {t('overrides.panel.heading')}
      </h2>
      <ul className="rp-side-panel__list overrides-panel__list">
        {items.map((item) => (
          <li key={item.id} className="overrides-panel__item" data-testid="override-item">
            <p className="overrides-panel__what">
              <span className="overrides__kind">{kindLabel(item.kind)}</span> {describeOverride(item)}
            </p>
            <p className="overrides-panel__reason">{item.reason}</p>
            <p className="rp-side-panel__muted">
              {actorName(item.actor)} · <time dateTime={item.createdAt}>{formatAbsoluteTime(item.createdAt)}</time>
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
