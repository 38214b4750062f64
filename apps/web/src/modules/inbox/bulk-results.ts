import type { BulkTicketsResponse } from '@rapport/contracts/inbox';

export interface BulkFailure {
  ticketId: string;
  number: number | null;
  message: string;
}

/** Which tickets of a bulk action failed and why, with the numbers the agent sees in the list. */
export function bulkFailures(response: BulkTicketsResponse, numbers: ReadonlyMap<string, number>): BulkFailure[] {
  return response.results
    .filter((result) => !result.ok)
    .map((result) => ({ ticketId: result.ticketId, number: numbers.get(result.ticketId) ?? null, message: result.error?.message ?? '' }));
}
