import { Alert } from '@rapport/ui/alert';
import { Button } from '@rapport/ui/button';
import { Spinner } from '@rapport/ui/spinner';
import { describeError } from './api/api-error.ts';
import { SessionProvider } from './modules/auth/components/session-context.tsx';
import { SignInScreen } from './modules/auth/components/sign-in-screen.tsx';
import { useSessionQuery } from './modules/auth/hooks/use-session.ts';
import { AppShell } from './shell/app-shell.tsx';

/** Signed out: the sign-in screen at whatever URL was asked for, which then opens after sign-in. */
export function App() {
  const session = useSessionQuery();

  if (session.isPending) {
    return (
      <div className="app-state">
        <Spinner label="Starting Rapport…" isLabelVisible />
      </div>
    );
  }

  if (session.isError) {
    return (
      <main className="app-state">
        <h1>Rapport is not reachable</h1>
        <Alert>{describeError(session.error)}</Alert>
        <Button variant="primary" onClick={() => void session.refetch()}>
          Try again
        </Button>
      </main>
    );
  }

  if (!session.data) return <SignInScreen />;

  // Keyed by workspace and user: another sign-in starts from a clean tree (drafts, list cursors).
  return (
    <SessionProvider key={`${session.data.workspace.id}:${session.data.user.id}`} session={session.data}>
      <AppShell />
    </SessionProvider>
  );
}
