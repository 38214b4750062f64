import { Suspense, useState } from 'react';
import type { ViewCount } from '@rapport/contracts/inbox';
import { Button } from '@rapport/ui/button';
import { VisuallyHidden } from '@rapport/ui/visually-hidden';
import { t } from '../../../i18n/i18n.ts';
import { Link } from '../../../router/router.tsx';
import { useViewCounts } from '../hooks/use-view-counts.ts';
import { basicViews, type InboxView } from '../views.ts';
import { LazyViewEditor } from './lazy-inbox-parts.tsx';
import './inbox-nav.css';

function CountBadge({ count }: { count: ViewCount | undefined }) {
  if (!count) return null;
  const shown = count.isCapped ? `${count.count}+` : String(count.count);
  return (
    <>
      <span className="inbox-nav__count" aria-hidden="true" data-testid="view-count">
        {shown}
      </span>
      <VisuallyHidden>
        {', '}
        {count.isCapped ? t('inbox.nav.countCapped', { count: count.count }) : t('inbox.nav.count', { count: count.count })}
      </VisuallyHidden>
    </>
  );
}

function ViewLink({ view, currentPath, count }: { view: InboxView; currentPath: string; count: ViewCount | undefined }) {
  const path = `/views/${view.key}`;
  return (
    <li>
      <Link to={path} className="shell-nav__link inbox-nav__link" aria-current={currentPath === path ? 'page' : undefined}>
        <span className="inbox-nav__name">{view.name}</span>
        <CountBadge count={count} />
      </Link>
    </li>
  );
}

/** The sidebar's inbox section: built-in and saved views with live counts, and "New view". */
export function InboxNav({ currentPath, savedViews }: { currentPath: string; savedViews: readonly InboxView[] | undefined }) {
  const counts = useViewCounts();
  const [isCreating, setCreating] = useState(false);
  return (
    <>
      <h2 className="shell-nav__heading">{t('inbox.nav.heading')}</h2>
      <ul className="shell-nav__list">
        {basicViews.map((view) => (
          <ViewLink key={view.key} view={view} currentPath={currentPath} count={counts.data?.get(view.key)} />
        ))}
      </ul>
      <div className="inbox-nav__saved-heading">
        <h2 className="shell-nav__heading">{t('inbox.nav.savedHeading')}</h2>
        <Button size="sm" variant="ghost" onClick={() => setCreating(true)}>
          + {t('inbox.nav.newView')}
        </Button>
      </div>
      {savedViews && savedViews.length > 0 && (
        <ul className="shell-nav__list">
          {savedViews.map((view) => (
            <ViewLink key={view.key} view={view} currentPath={currentPath} count={counts.data?.get(view.key)} />
          ))}
        </ul>
      )}
      {isCreating && (
        <Suspense fallback={null}>
          <LazyViewEditor onClose={() => setCreating(false)} />
        </Suspense>
      )}
    </>
  );
}
