import { useState, type FormEvent } from 'react';
import { Button } from '@rapport/ui/button';
import { SearchIcon } from '@rapport/ui/icons';
import { TextInput } from '@rapport/ui/text-input';
import { VisuallyHidden } from '@rapport/ui/visually-hidden';
import { useCurrentSession } from '../modules/auth/components/session-context.tsx';
import { useSignOut } from '../modules/auth/hooks/use-session.ts';
import { AdminNav, PreferencesLink } from '../modules/admin/components/admin-nav.tsx';
import { setDisplayTimeZone } from '../lib/relative-time.ts';
// Paths only: the screens themselves load lazily (app-routes.tsx).
import { emailSettingsPath, quarantinePath } from '../modules/email/email-paths.ts';
import { useSavedViews } from '../modules/inbox/hooks/use-views.ts';
import { InboxNav } from '../modules/inbox/components/inbox-nav.tsx';
import { LessonsNav } from '../modules/lessons/components/lessons-nav.tsx';
import { PromisesNav } from '../modules/promises/components/promises-nav.tsx';
import { ApprovalsNav } from '../modules/resolutions/components/approvals-nav.tsx';
import { ReportsNav } from '../modules/reports/components/reports-nav.tsx';
import { searchPath } from '../modules/search/search-path.ts';
import { NotificationsBell } from '../modules/teamwork/components/notifications-bell.tsx';
import { AvailabilitySwitch } from '../modules/routing/components/availability-switch.tsx';
import { useRealtime, type RealtimeStatus } from '../realtime/use-realtime.ts';
import { Link, navigate, useLocation } from '../router/router.tsx';
import { AppRoutes } from './app-routes.tsx';
import { GlobalShortcuts, searchInputId } from './shortcuts/global-shortcuts.tsx';
import './app-shell.css';

const realtimeLabels: Record<RealtimeStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live updates on',
  reconnecting: 'Reconnecting…',
};

function SidebarSearch() {
  const [query, setQuery] = useState('');
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (query.trim()) navigate(searchPath(query));
  }
  return (
    <form role="search" className="shell-search" onSubmit={handleSubmit}>
      <label htmlFor={searchInputId} className="rp-visually-hidden">
        Search tickets
      </label>
      <TextInput
        id={searchInputId}
        type="search"
        placeholder="Search tickets"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
      />
      <Button type="submit" variant="ghost" size="sm" aria-label="Search" title="Search">
        <SearchIcon />
      </Button>
    </form>
  );
}

export function AppShell() {
  const session = useCurrentSession();
  // Before anything below renders: every absolute date is formatted in the agent's effective time zone.
  setDisplayTimeZone(session.timeZone);
  const location = useLocation();
  const savedViews = useSavedViews();
  const signOut = useSignOut();
  const realtimeStatus = useRealtime(session.workspace.id);

  return (
    <div className="shell">
      <a className="shell__skip-link" href="#main">
        Skip to main content
      </a>
      <aside className="shell__sidebar">
        <div className="shell__brand">
          <span className="shell__logo" aria-hidden="true">
            R
          </span>
          <span>
            <span className="shell__product">Rapport</span>
            <span className="shell__workspace">{session.workspace.name}</span>
          </span>
        </div>
        <SidebarSearch />
        <nav aria-label="Views" className="shell-nav">
          <InboxNav currentPath={location.pathname} savedViews={savedViews.data} />
          <PromisesNav currentPath={location.pathname} />
          <ApprovalsNav currentPath={location.pathname} permissions={session.permissions} />
          <h2 className="shell-nav__heading">Email</h2>
          <ul className="shell-nav__list">
            <li>
              <Link to={quarantinePath} className="shell-nav__link" aria-current={location.pathname === quarantinePath ? 'page' : undefined}>
                Quarantine
              </Link>
            </li>
            {session.role === 'admin' && (
              <li>
                <Link to={emailSettingsPath} className="shell-nav__link" aria-current={location.pathname === emailSettingsPath ? 'page' : undefined}>
                  Email settings
                </Link>
              </li>
            )}
          </ul>
          <LessonsNav currentPath={location.pathname} permissions={session.permissions} />
          <ReportsNav currentPath={location.pathname} permissions={session.permissions} />
          <AdminNav currentPath={location.pathname} permissions={session.permissions} />
        </nav>
        <div className="shell__footer">
          <p className="shell__realtime" data-status={realtimeStatus}>
            <span className="shell__realtime-dot" aria-hidden="true" />
            {realtimeLabels[realtimeStatus]}
          </p>
          <NotificationsBell />
          <AvailabilitySwitch />
          <p className="shell__user">
            <VisuallyHidden>Signed in as </VisuallyHidden>
            {session.user.name}
          </p>
          <PreferencesLink currentPath={location.pathname} />
          <Button size="sm" onClick={() => signOut.mutate()} isBusy={signOut.isPending}>
            Sign out
          </Button>
        </div>
      </aside>
      <GlobalShortcuts />
      <main id="main" className="shell__main">
        <AppRoutes pathname={location.pathname} searchParams={location.searchParams} savedViews={savedViews.data} isLoadingViews={savedViews.isPending} />
      </main>
    </div>
  );
}
