import { describe, expect, it } from 'vitest';
import type { MessageDto } from '@rapport/contracts/tickets';
import { firstCustomerMessage } from './first-message.ts';

function message(id: string, direction: MessageDto['direction'], createdAt: string): MessageDto {
  return {
    id,
    ticketId: '00000000-0000-4000-8000-000000000001',
    direction,
    channel: 'email',
    author: { type: direction === 'inbound' ? 'customer' : 'agent', id: null, name: 'Ana' },
    text: id,
    html: null,
    createdAt,
    hasRaw: false,
    attachments: [],
    threadRule: null,
    quotedText: null,
    delivery: null,
    email: null,
  };
}

describe('firstCustomerMessage', () => {
  it('picks the earliest inbound message by instant, whatever the order given', () => {
    const messages = [
      message('reply', 'outbound', '2025-03-01T08:00:00Z'),
      message('second', 'inbound', '2025-03-01T10:00:00Z'),
      // 10:30+01:00 is 09:30Z: earlier than "second" although its text sorts later.
      message('first', 'inbound', '2025-03-01T10:30:00+01:00'),
    ];
    expect(firstCustomerMessage(messages)?.id).toBe('first');
  });

  it('is null when the customer has not written', () => {
    expect(firstCustomerMessage([message('reply', 'outbound', '2025-03-01T08:00:00Z')])).toBeNull();
    expect(firstCustomerMessage([])).toBeNull();
  });
});
