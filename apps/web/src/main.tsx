import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { AnnouncerProvider } from '@rapport/ui/live-region';
import '@rapport/ui/tokens.css';
import '@rapport/ui/primitives.css';
import { isApiError } from './api/api-error.ts';
import { queryKeys } from './api/query-keys.ts';
import { App } from './app.tsx';

/** A 401 anywhere means the session is gone (expired, revoked, password changed): show sign-in. */
function handleUnauthenticated(error: unknown) {
  if (isApiError(error) && error.code === 'UNAUTHENTICATED') queryClient.setQueryData(queryKeys.session, null);
}

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: handleUnauthenticated }),
  mutationCache: new MutationCache({ onError: handleUnauthenticated }),
  defaultOptions: {
    queries: {
      // Realtime events invalidate what changed, so cached data can be trusted for a while.
      staleTime: 30_000,
      retry: (failureCount, error) => isApiError(error) && error.isRetryable && failureCount < 2,
    },
    mutations: { retry: false },
  },
});

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html has no #root element');

createRoot(rootElement).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <AnnouncerProvider>
        <App />
      </AnnouncerProvider>
    </QueryClientProvider>
  </StrictMode>,
);
