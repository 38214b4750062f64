import { useMutation, useQueryClient } from '@tanstack/react-query';
import { NextTicket } from '@rapport/contracts/queue';
import { api, newIdempotencyKey } from '../../../api/client.ts';
import { queryKeys } from '../../../api/query-keys.ts';
import { useWorkspaceId } from '../../auth/components/session-context.tsx';

/**
 * POST /queue/next: assigns the next ticket of the agent's queue to them (fair order, P17). One
 * Idempotency-Key per press, so a retried request never takes a second ticket.
 */
export function useTakeNextTicket() {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post('/queue/next', { schema: NextTicket, body: {}, idempotencyKey: newIdempotencyKey() }),
    onSuccess: (result) => {
      if (result.ticket) void queryClient.invalidateQueries({ queryKey: queryKeys.ticketLists(workspaceId) });
    },
  });
}
