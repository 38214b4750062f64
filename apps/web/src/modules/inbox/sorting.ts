import { TicketSort } from '@rapport/contracts/tickets';

/** `sla` is `sla_due_asc` (soonest due first), the one SLA sort. */
export type SortField = 'updated' | 'created' | 'priority' | 'sla';
export type SortDirection = 'asc' | 'desc';

export const sortFields: readonly SortField[] = ['updated', 'created', 'priority', 'sla'];

export function parseSort(value: string | null | undefined, fallback: TicketSort): TicketSort {
  const parsed = TicketSort.safeParse(value);
  return parsed.success ? parsed.data : fallback;
}

export function splitSort(sort: TicketSort): { field: SortField; direction: SortDirection } {
  if (sort === 'sla_due_asc') return { field: 'sla', direction: 'asc' };
  const [field, direction] = sort.split('_') as [SortField, SortDirection];
  return { field, direction };
}

/** Clicking the current column reverses it; another column starts descending (newest, most urgent first). */
export function nextSort(current: TicketSort, field: SortField): TicketSort {
  if (field === 'sla') return 'sla_due_asc'; // one direction only: what is due soonest
  const { field: currentField, direction } = splitSort(current);
  const nextDirection: SortDirection = currentField === field ? (direction === 'desc' ? 'asc' : 'desc') : 'desc';
  return `${field}_${nextDirection}`;
}

/** The URL of the view with this sort; the view's own default sort leaves the URL clean. */
export function sortedPath(viewPath: string, sort: TicketSort, viewDefault: TicketSort): string {
  return sort === viewDefault ? viewPath : `${viewPath}?sort=${sort}`;
}
