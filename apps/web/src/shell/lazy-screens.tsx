import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { Spinner } from '@rapport/ui/spinner';

/**
 * Screens that are not part of the inbox's first paint, each in its own chunk: the inbox route's
 * initial JavaScript has a budget of 200 KB gzip (issue 6; `npm run bench -- web-bundle`).
 * Rarely used screens (settings, quarantine, search) load when first visited. The ticket screen is
 * opened all day, so it is fetched as soon as the browser is idle after the first paint
 * (`usePrefetchLikelyScreens`) and opening a ticket never waits for its code.
 *
 * To add a lazy screen: one `lazy(...)` line here, then render it inside `<LazyScreen>` in
 * app-routes.tsx. Import its path constant from a small paths file, never from the screen module,
 * or the screen lands back in the initial chunk.
 */
const loadTicketScreen = () => import('../modules/ticket/components/ticket-screen.tsx');

export const TicketScreen = lazy(() => loadTicketScreen().then((module) => ({ default: module.TicketScreen })));
export const SearchScreen = lazy(() => import('../modules/search/components/search-screen.tsx').then((module) => ({ default: module.SearchScreen })));
export const EmailSettingsScreen = lazy(() =>
  import('../modules/email/components/email-settings-screen.tsx').then((module) => ({ default: module.EmailSettingsScreen })),
);
export const QuarantineScreen = lazy(() => import('../modules/email/components/quarantine-screen.tsx').then((module) => ({ default: module.QuarantineScreen })));
export const LessonsScreen = lazy(() => import('../modules/lessons/components/lessons-screen.tsx').then((module) => ({ default: module.LessonsScreen })));
export const PromisesScreen = lazy(() => import('../modules/promises/components/promises-screen.tsx').then((module) => ({ default: module.PromisesScreen })));
export const ParityScreen = lazy(() => import('../modules/reports/components/parity-screen.tsx').then((module) => ({ default: module.ParityScreen })));
export const ApprovalsScreen = lazy(() => import('../modules/resolutions/components/approvals-screen.tsx').then((module) => ({ default: module.ApprovalsScreen })));
export const OverridesScreen = lazy(() => import('../modules/overrides/components/overrides-screen.tsx').then((module) => ({ default: module.OverridesScreen })));
export const LedgerScreen = lazy(() => import('../modules/resolutions/components/ledger-screen.tsx').then((module) => ({ default: module.LedgerScreen })));

/** Suspense boundary for a lazy screen, with the same loading state the screens use for data. */
export function LazyScreen({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Spinner label="Loading…" isLabelVisible />}>{children}</Suspense>;
}

/** Fetches the code of the screens an agent opens next (the ticket page) once the browser is idle. */
export function usePrefetchLikelyScreens() {
  useEffect(() => {
    const prefetch = () => void loadTicketScreen().catch(() => undefined); // a failed prefetch is retried by lazy() on use
    // requestIdleCallback is missing in some browsers (Safari before 18); a short timer stands in.
    if (typeof window.requestIdleCallback !== 'function') {
      const timer = window.setTimeout(prefetch, 500);
      return () => window.clearTimeout(timer);
    }
    const handle = window.requestIdleCallback(prefetch, { timeout: 2000 });
    return () => window.cancelIdleCallback(handle);
  }, []);
}
