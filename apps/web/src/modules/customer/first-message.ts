import type { MessageDto } from '@rapport/contracts/tickets';

/** The first inbound message of the ticket (what the customer originally asked), or null. */
export function firstCustomerMessage(messages: readonly MessageDto[]): MessageDto | null {
  let first: MessageDto | null = null;
  for (const message of messages) {
    if (message.direction !== 'inbound') continue;
    if (!first || Date.parse(message.createdAt) < Date.parse(first.createdAt)) first = message;
  }
  return first;
}
