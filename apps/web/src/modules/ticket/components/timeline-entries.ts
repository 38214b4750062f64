import type { MessageDto, NoteDto, TicketDetail } from '@rapport/contracts/tickets';

export type TimelineEntry = { kind: 'message'; item: MessageDto } | { kind: 'note'; item: NoteDto };

/** Messages and internal notes in one list, oldest first, as they happened. */
export function buildTimeline(ticket: Pick<TicketDetail, 'messages' | 'notes'>): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    ...ticket.messages.map((item): TimelineEntry => ({ kind: 'message', item })),
    ...ticket.notes.map((item): TimelineEntry => ({ kind: 'note', item })),
  ];
  // Compared as instants: the API may send different UTC offsets, so string order is not time order.
  // At the same instant a customer's message comes before what answers it (an auto-acknowledgement
  // is written in the same transaction as the email it acknowledges).
  const rank = (entry: TimelineEntry) => (entry.kind === 'message' && entry.item.direction === 'inbound' ? 0 : 1);
  return entries.sort(
    (a, b) =>
      Date.parse(a.item.createdAt) - Date.parse(b.item.createdAt) || rank(a) - rank(b) || a.item.id.localeCompare(b.item.id),
  );
}

