import { useQuery } from '@tanstack/react-query';
import { ParityReport } from '@rapport/contracts/queue';
import { api } from '../../../api/client.ts';
import { useWorkspaceId } from '../../auth/components/session-context.tsx';
import { parityQueryKey } from '../reports-paths.ts';

/** The parity report over the last `days` days (up to now). */
export function useParityReport(days: number) {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: parityQueryKey(workspaceId, days),
    queryFn: ({ signal }) => {
      const to = new Date();
      const from = new Date(to.getTime() - days * 86_400_000);
      return api.get('/reports/parity', { schema: ParityReport, query: { from: from.toISOString(), to: to.toISOString() }, signal });
    },
  });
}
