/** Outbox topics of the tickets module: past-tense facts, payloads carry ids, version 1. */
export const ticketTopics = {
  created: 'ticket.created',
  updated: 'ticket.updated',
  assigned: 'ticket.assigned',
  statusChanged: 'ticket.status_changed',
  merged: 'ticket.merged',
  split: 'ticket.split',
  messageCreated: 'message.created',
  noteCreated: 'note.created',
  messageWithdrawn: 'message.withdrawn',
} as const;
