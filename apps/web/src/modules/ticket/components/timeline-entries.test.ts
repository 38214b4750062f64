import { describe, expect, it } from 'vitest';
import type { MessageDto, NoteDto } from '@rapport/contracts/tickets';
import { buildTimeline } from './timeline-entries.ts';

const ticketId = '00000000-0000-4000-8000-000000000001';

function message(id: string, createdAt: string): MessageDto {
  return {
    id,
    ticketId,
    direction: 'inbound',
    channel: 'email',
    author: { type: 'customer', id: null, name: 'Ana' },
    text: 'hello',
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

function note(id: string, createdAt: string): NoteDto {
  return { id, ticketId, author: { id: ticketId, name: 'Ben' }, text: 'internal', createdAt };
}

describe('buildTimeline', () => {
  it('interleaves messages and notes in time order', () => {
    const timeline = buildTimeline({
      messages: [message('m1', '2025-03-01T10:00:00Z'), message('m2', '2025-03-01T12:00:00Z')],
      notes: [note('n1', '2025-03-01T11:00:00Z')],
    });
    expect(timeline.map((entry) => entry.item.id)).toEqual(['m1', 'n1', 'm2']);
  });

  it('orders by instant, not by text, when offsets differ', () => {
    const timeline = buildTimeline({
      // 10:00+01:00 is 09:00Z, so it happened before 09:30Z although its text sorts after.
      messages: [message('late', '2025-03-01T09:30:00+00:00'), message('early', '2025-03-01T10:00:00+01:00')],
      notes: [],
    });
    expect(timeline.map((entry) => entry.item.id)).toEqual(['early', 'late']);
  });

  it('puts the customer email before the auto-acknowledgement written at the same instant', () => {
    const at = '2025-03-01T09:30:00.000Z';
    const acknowledgement: MessageDto = { ...message('a-ack', at), direction: 'outbound', author: { type: 'system', id: null, name: 'Rapport' } };
    const timeline = buildTimeline({ messages: [acknowledgement, message('z-email', at)], notes: [] });
    expect(timeline.map((entry) => entry.item.id)).toEqual(['z-email', 'a-ack']);
  });
});

describe('buildTimeline with events', () => {
  const event = (id: string, at: string, changes = [{ field: 'status', from: 'new', to: 'open' }]) => ({
    id,
    action: 'ticket.updated',
    at,
    actorName: 'Ben',
    actorType: 'user' as const,
    changes,
    related: null,
    keptSolved: false,
  });

  it('places events among messages and notes by time, after a message of the same instant', () => {
    const at = '2025-03-01T11:00:00Z';
    const timeline = buildTimeline(
      { messages: [message('m1', '2025-03-01T10:00:00Z'), { ...message('m2', at), direction: 'outbound' }], notes: [note('n1', '2025-03-01T12:00:00Z')] },
      [event('1', at), event('2', '2025-03-01T09:00:00Z')],
    );
    expect(timeline.map((entry) => `${entry.kind}:${entry.item.id}`)).toEqual(['event:2', 'message:m1', 'message:m2', 'event:1', 'note:n1']);
  });

  it('leaves out updates that changed nothing shown', () => {
    const timeline = buildTimeline({ messages: [], notes: [] }, [event('1', '2025-03-01T09:00:00Z', [])]);
    expect(timeline).toEqual([]);
  });

  it('keeps a thank-you reply that left the ticket solved, though it changed no field', () => {
    const kept = { ...event('1', '2025-03-01T09:00:00Z', []), action: 'ticket.customer_replied', keptSolved: true };
    expect(buildTimeline({ messages: [], notes: [] }, [kept]).map((entry) => entry.kind)).toEqual(['event']);
  });
});
