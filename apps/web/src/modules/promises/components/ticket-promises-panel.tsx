import { Spinner } from '@rapport/ui/spinner';
import { t } from '../../../i18n/i18n.ts';
import { useNow } from '../../../lib/relative-time.ts';
import { useTicketPromises } from '../hooks/use-promises.ts';
import { PromiseItem } from './promise-item.tsx';
import './promises.css';

/**
 * The ticket page's promises (P26): what sent replies promised, open ones soonest due first, each
 * with its due time in the agent's zone, its state and the actions. Realtime events of the ticket
 * refresh it (its query sits under the ticket's key).
 */
export function TicketPromisesPanel({ ticketRef }: { ticketRef: string }) {
  const promises = useTicketPromises(ticketRef);
  const now = useNow();
  return (
    <section className="rp-side-panel" aria-labelledby="promises-panel-heading" data-testid="promises-panel">
      <h2 id="promises-panel-heading" className="rp-side-panel__heading">
        {t('promises.panel.heading')}
      </h2>
      {promises.isPending && <Spinner label={t('promises.panel.loading')} />}
      {promises.isError && <p className="rp-side-panel__muted">{t('promises.panel.failed')}</p>}
      {promises.data?.length === 0 && <p className="rp-side-panel__muted">{t('promises.panel.none')}</p>}
      {promises.data && promises.data.length > 0 && (
        <ul className="promises-list" aria-label={t('promises.panel.listLabel')}>
          {promises.data.map((promise) => (
            <PromiseItem key={promise.id} promise={promise} now={now} />
          ))}
        </ul>
      )}
    </section>
  );
}
