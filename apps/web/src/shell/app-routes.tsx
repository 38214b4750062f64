import { useEffect } from 'react';
import { EmptyState } from '@rapport/ui/empty-state';
import { Spinner } from '@rapport/ui/spinner';
import { EmailSettingsScreen, emailSettingsPath } from '../modules/email/components/email-settings-screen.tsx';
import { QuarantineScreen, quarantinePath } from '../modules/email/components/quarantine-screen.tsx';
import { InboxScreen } from '../modules/inbox/components/inbox-screen.tsx';
import { defaultViewKey, findView, type InboxView } from '../modules/inbox/views.ts';
import { SearchScreen } from '../modules/search/components/search-screen.tsx';
import { TicketScreen } from '../modules/ticket/components/ticket-screen.tsx';
import { useFocusOnRouteChange } from '../lib/use-focus-on-mount.ts';
import { Link, matchPath, Redirect } from '../router/router.tsx';
import { rememberInboxPath } from './navigation-memory.ts';

export interface AppRoutesProps {
  pathname: string;
  searchParams: URLSearchParams;
  savedViews: InboxView[] | undefined;
  isLoadingViews: boolean;
}

function NotFoundScreen({ pathname }: { pathname: string }) {
  const headingRef = useFocusOnRouteChange<HTMLHeadingElement>(pathname);
  return (
    <section className="shell__page">
      <h1 ref={headingRef} tabIndex={-1}>
        Page not found
      </h1>
      <EmptyState
        title="Nothing lives at this address."
        action={<Link to={`/views/${defaultViewKey}`}>Go to your inbox</Link>}
      />
    </section>
  );
}

function ViewRoute({ viewKey, savedViews, isLoadingViews }: { viewKey: string } & Omit<AppRoutesProps, 'pathname' | 'searchParams'>) {
  const view = findView(viewKey, savedViews ?? []);
  const path = `/views/${viewKey}`;
  useEffect(() => {
    if (view) rememberInboxPath(path);
  }, [view, path]);
  if (view) return <InboxScreen key={view.key} view={view} />;
  if (isLoadingViews) return <Spinner label="Loading view…" isLabelVisible />;
  return <NotFoundScreen pathname={path} />;
}

/** The route table. Each screen owns its heading, which receives focus when the route changes. */
export function AppRoutes({ pathname, searchParams, savedViews, isLoadingViews }: AppRoutesProps) {
  if (pathname === '/' || pathname === '/views' || pathname === '/index.html') {
    return <Redirect to={`/views/${defaultViewKey}`} />;
  }
  const viewMatch = matchPath('/views/:viewKey', pathname);
  if (viewMatch?.viewKey) {
    return <ViewRoute viewKey={viewMatch.viewKey} savedViews={savedViews} isLoadingViews={isLoadingViews} />;
  }
  const ticketMatch = matchPath('/tickets/:ref', pathname);
  if (ticketMatch?.ref) return <TicketScreen key={ticketMatch.ref} ticketRef={ticketMatch.ref} />;
  if (pathname === '/search') {
    const query = searchParams.get('q') ?? '';
    return <SearchScreen key={query} query={query} />;
  }
  if (pathname === emailSettingsPath) return <EmailSettingsScreen />;
  if (pathname === quarantinePath) {
    return <QuarantineScreen initialTab={searchParams.get('tab') === 'held' ? 'held' : 'quarantined'} />;
  }
  return <NotFoundScreen pathname={pathname} />;
}
