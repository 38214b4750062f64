import type { MessageDto, NoteDto, TicketDetail } from '@rapport/contracts/tickets';

export type TimelineEntry = { kind: 'message'; item: MessageDto } | { kind: 'note'; item: NoteDto };

/** Messages and internal notes in one list, oldest first, as they happened. */
export function buildTimeline(ticket: Pick<TicketDetail, 'messages' | 'notes'>): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    ...ticket.messages.map((item): TimelineEntry => ({ kind: 'message', item })),
    ...ticket.notes.map((item): TimelineEntry => ({ kind: 'note', item })),
  ];
  // Compared as instants: the API may send different UTC offsets, so string order is not time order.
  return entries.sort(
    (a, b) => Date.parse(a.item.createdAt) - Date.parse(b.item.createdAt) || a.item.id.localeCompare(b.item.id),
  );
}

