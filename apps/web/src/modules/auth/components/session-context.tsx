import { createContext, use, type ReactNode } from 'react';
import type { SessionInfo } from '@rapport/contracts/auth';

const SessionContext = createContext<SessionInfo | null>(null);

/** Rendered only once signed in, so everything below it can rely on a session. */
export function SessionProvider({ session, children }: { session: SessionInfo; children: ReactNode }) {
  return <SessionContext value={session}>{children}</SessionContext>;
}

export function useCurrentSession(): SessionInfo {
  const session = use(SessionContext);
  if (!session) throw new Error('useCurrentSession needs a <SessionProvider> above it');
  return session;
}

/** The workspace every query key is scoped to. */
export function useWorkspaceId(): string {
  return useCurrentSession().workspace.id;
}
