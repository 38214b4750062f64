import { useState } from 'react';
import type { PromiseStatusFilter } from '@rapport/contracts/promises';
import { Alert } from '@rapport/ui/alert';
import { Button } from '@rapport/ui/button';
import { EmptyState } from '@rapport/ui/empty-state';
import { SegmentedControl } from '@rapport/ui/segmented-control';
import { Spinner } from '@rapport/ui/spinner';
import { describeError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { useNow } from '../../../lib/relative-time.ts';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { useFocusOnRouteChange } from '../../../lib/use-focus-on-mount.ts';
import { useCurrentSession } from '../../auth/components/session-context.tsx';
import { usePromiseList } from '../hooks/use-promises.ts';
import { canSeeEveryonesPromises } from '../promises-paths.ts';
import { PromiseItem } from './promise-item.tsx';
import './promises.css';

type Filter = Extract<PromiseStatusFilter, 'open' | 'overdue'>;

/**
 * "My promises" (P26): the agent's open promises, soonest due first, with an "Overdue" filter;
 * leads and admins may switch to everyone's overdue promises.
 */
export function PromisesScreen() {
  const session = useCurrentSession();
  const headingRef = useFocusOnRouteChange<HTMLHeadingElement>('promises');
  const [filter, setFilter] = useState<Filter>('open');
  const [isEveryone, setIsEveryone] = useState(false);
  const canSeeEveryone = canSeeEveryonesPromises(session.permissions);
  const showEveryone = canSeeEveryone && isEveryone;
  useDocumentTitle(t('promises.screen.title'));
  return (
    <section className="promises-page" aria-labelledby="promises-heading">
      <h1 id="promises-heading" ref={headingRef} tabIndex={-1}>
        {t('promises.screen.title')}
      </h1>
      <p className="promises-page__intro">{t('promises.screen.intro')}</p>
      <div className="promises-page__filters">
        {!showEveryone && (
          <SegmentedControl<Filter>
            label={t('promises.screen.filter')}
            options={[
              { value: 'open', label: t('promises.screen.filterOpen') },
              { value: 'overdue', label: t('promises.screen.filterOverdue') },
            ]}
            value={filter}
            onChange={setFilter}
          />
        )}
        {canSeeEveryone && (
          <label className="promises-page__toggle">
            <input type="checkbox" checked={isEveryone} aria-describedby="promises-everyone-hint" onChange={(event) => setIsEveryone(event.target.checked)} />
            <span>{t('promises.screen.everyone')}</span>
            <span id="promises-everyone-hint" className="promises-page__hint">
              {t('promises.screen.everyoneHint')}
            </span>
          </label>
        )}
      </div>
      <PromiseList key={showEveryone ? 'everyone' : filter} status={showEveryone ? 'overdue' : filter} owner={showEveryone ? null : 'me'} />
    </section>
  );
}

function PromiseList({ status, owner }: { status: Filter; owner: 'me' | null }) {
  const promises = usePromiseList({ status, owner });
  const now = useNow();
  const items = promises.data?.pages.flatMap((page) => page.items) ?? [];
  if (promises.isPending) return <Spinner label={t('promises.screen.loading')} isLabelVisible />;
  if (!promises.data) return <Alert>{describeError(promises.error)}</Alert>;
  if (items.length === 0) {
    return status === 'overdue' ? (
      <EmptyState title={t('promises.screen.emptyOverdue')} description={t('promises.screen.emptyOverdueHint')} />
    ) : (
      <EmptyState title={t('promises.screen.emptyOpen')} description={t('promises.screen.emptyOpenHint')} />
    );
  }
  return (
    <>
      <ul className="promises-list promises-list--page" aria-label={t('promises.screen.listLabel')}>
        {items.map((promise) => (
          <PromiseItem key={promise.id} promise={promise} now={now} showTicket headingLevel={2} />
        ))}
      </ul>
      {promises.hasNextPage && (
        <div>
          <Button onClick={() => void promises.fetchNextPage()} isBusy={promises.isFetchingNextPage}>
            {promises.isFetchingNextPage ? t('promises.screen.loadingMore') : t('promises.screen.loadMore')}
          </Button>
        </div>
      )}
      {promises.isError && <Alert>{describeError(promises.error)}</Alert>}
    </>
  );
}
