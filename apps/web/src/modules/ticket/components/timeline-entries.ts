import type { MessageDto, NoteDto, TicketDetail } from '@rapport/contracts/tickets';
import type { DescribedEntry } from '../audit-format.ts';

export type TimelineEntry =
  | { kind: 'message'; item: MessageDto }
  | { kind: 'note'; item: NoteDto }
  | { kind: 'event'; item: DescribedEntry & { createdAt: string } };

const rank = (entry: TimelineEntry) => (entry.kind === 'message' && entry.item.direction === 'inbound' ? 0 : entry.kind === 'event' ? 2 : 1);

/**
 * Messages, internal notes and events (changes from the audit trail) in one list, oldest first, as
 * they happened.
 */
export function buildTimeline(ticket: Pick<TicketDetail, 'messages' | 'notes'>, events: readonly DescribedEntry[] = []): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    ...ticket.messages.map((item): TimelineEntry => ({ kind: 'message', item })),
    ...ticket.notes.map((item): TimelineEntry => ({ kind: 'note', item })),
    // An update that changed nothing visible (e.g. a custom field set to its value) is not an event.
    ...events
      .filter((event) => event.changes.length > 0 || event.related !== null || event.keptSolved)
      .map((event): TimelineEntry => ({ kind: 'event', item: { ...event, createdAt: event.at } })),
  ];
  // Compared as instants: the API may send different UTC offsets, so string order is not time order.
  // At the same instant a customer's message comes before what answers it (an auto-acknowledgement
  // is written in the same transaction as the email it acknowledges), and an event (e.g. the status
  // set together with a reply) after the message that caused it.
  return entries.sort(
    (a, b) =>
      Date.parse(a.item.createdAt) - Date.parse(b.item.createdAt) || rank(a) - rank(b) || a.item.id.localeCompare(b.item.id),
  );
}
