import { useEffect } from 'react';
import { EmptyState } from '@rapport/ui/empty-state';
import { Spinner } from '@rapport/ui/spinner';
import { emailSettingsPath, quarantinePath } from '../modules/email/email-paths.ts';
import { InboxScreen } from '../modules/inbox/components/inbox-screen.tsx';
import { defaultViewKey, findView, type InboxView } from '../modules/inbox/views.ts';
import { useFocusOnRouteChange } from '../lib/use-focus-on-mount.ts';
// Every screen but the inbox is a lazy chunk (see lazy-screens.tsx): render it inside <LazyScreen>.
import { EmailSettingsScreen, LazyScreen, LessonsScreen, ParityScreen, QuarantineScreen, SearchScreen, TicketScreen, usePrefetchLikelyScreens } from './lazy-screens.tsx';
import { Link, matchPath, Redirect } from '../router/router.tsx';
import { rememberInboxPath } from './navigation-memory.ts';
import { adminScreenFor } from '../modules/admin/admin-paths.ts';
import { AdminScreens } from '../modules/admin/admin-lazy.tsx';
import { macrosAdminPath } from '../modules/admin/admin-paths.ts';
import { MacrosScreen } from '../modules/macros/macros-lazy.tsx';
import { lessonsPath } from '../modules/lessons/lessons-paths.ts';
import { promisesPath } from '../modules/promises/promises-paths.ts';
import { PromisesScreen } from './lazy-screens.tsx';
import { parityPath } from '../modules/reports/reports-paths.ts';
import { overridesReportPath } from '../modules/overrides/overrides-paths.ts';
import { OverridesScreen } from './lazy-screens.tsx';
import { approvalsPath, ledgerPath } from '../modules/resolutions/resolutions-paths.ts';
import { ApprovalsScreen, LedgerScreen } from './lazy-screens.tsx';

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
  usePrefetchLikelyScreens();
  if (pathname === '/' || pathname === '/views' || pathname === '/index.html') {
    return <Redirect to={`/views/${defaultViewKey}`} />;
  }
  const viewMatch = matchPath('/views/:viewKey', pathname);
  if (viewMatch?.viewKey) {
    return <ViewRoute viewKey={viewMatch.viewKey} savedViews={savedViews} isLoadingViews={isLoadingViews} />;
  }
  const ticketMatch = matchPath('/tickets/:ref', pathname);
  if (ticketMatch?.ref) {
    return (
      <LazyScreen>
        <TicketScreen key={ticketMatch.ref} ticketRef={ticketMatch.ref} />
      </LazyScreen>
    );
  }
  if (pathname === '/search') {
    const query = searchParams.get('q') ?? '';
    return (
      <LazyScreen>
        <SearchScreen key={query} query={query} />
      </LazyScreen>
    );
  }
  if (pathname === emailSettingsPath) {
    return (
      <LazyScreen>
        <EmailSettingsScreen />
      </LazyScreen>
    );
  }
  if (pathname === quarantinePath) {
    return (
      <LazyScreen>
        <QuarantineScreen initialTab={searchParams.get('tab') === 'held' ? 'held' : 'quarantined'} />
      </LazyScreen>
    );
  }
  if (pathname === macrosAdminPath) {
    return (
      <LazyScreen>
        <MacrosScreen />
      </LazyScreen>
    );
  }
  if (pathname === promisesPath) {
    return (
      <LazyScreen>
        <PromisesScreen />
      </LazyScreen>
    );
  }
  if (pathname === lessonsPath) {
    return (
      <LazyScreen>
        <LessonsScreen />
      </LazyScreen>
    );
  }
  if (pathname === parityPath) {
    return (
      <LazyScreen>
        <ParityScreen />
      </LazyScreen>
    );
  }
  if (pathname === overridesReportPath) {
    return (
      <LazyScreen>
        <OverridesScreen />
      </LazyScreen>
    );
  }
  if (pathname === approvalsPath) {
    return (
      <LazyScreen>
        <ApprovalsScreen />
      </LazyScreen>
    );
  }
  if (pathname === ledgerPath) {
    return (
      <LazyScreen>
        <LedgerScreen />
      </LazyScreen>
    );
  }
  const adminScreen = adminScreenFor(pathname);
  if (adminScreen) {
    return (
      <LazyScreen>
        <AdminScreens screen={adminScreen} />
      </LazyScreen>
    );
  }
  return <NotFoundScreen pathname={pathname} />;
}
