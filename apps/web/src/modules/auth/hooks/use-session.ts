import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { SessionInfo } from '@rapport/contracts/auth';
import { api, ignoredBody } from '../../../api/client.ts';
import { isApiError } from '../../../api/api-error.ts';
import { queryKeys } from '../../../api/query-keys.ts';

/** The signed-in session, or null when signed out. A 401 is an answer here, not an error. */
export function useSessionQuery() {
  return useQuery({
    queryKey: queryKeys.session,
    queryFn: async ({ signal }) => {
      try {
        const session = await api.get('/auth/session', { schema: SessionInfo, signal });
        api.setCsrfToken(session.csrfToken);
        return session;
      } catch (error) {
        if (isApiError(error) && error.status === 401) {
          api.setCsrfToken(null);
          return null;
        }
        throw error;
      }
    },
    staleTime: 5 * 60_000,
  });
}

export interface SignInInput {
  email: string;
  password: string;
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SignInInput) => api.post('/auth/login', { schema: SessionInfo, body: input }),
    onSuccess: (session) => {
      api.setCsrfToken(session.csrfToken);
      queryClient.setQueryData(queryKeys.session, session);
    },
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post('/auth/logout', { schema: ignoredBody }),
    onSettled: () => {
      // Signed out locally even if the request failed: the cached data belongs to the session.
      // The session is set first (the app switches to sign-in), then workspace data is dropped;
      // clear() would also drop the session query from under its observer.
      api.setCsrfToken(null);
      queryClient.setQueryData(queryKeys.session, null);
      queryClient.removeQueries({ queryKey: ['workspace'] });
    },
  });
}
