/** UI strings of the fair queue's "Next ticket" button (issue 7 part 2, P17). */
export const queueMessages = {
  'queue.next': 'Next ticket',
  'queue.nextDescription': 'Assigns the next ticket of your queue to you and opens it',
  'queue.taking': 'Taking the next ticket…',
  'queue.took': 'You took ticket #{number}: {subject}',
  'queue.empty': 'The queue is empty: no unassigned ticket is waiting for your teams.',
  'queue.shortcut': 'Take the first ticket in the fair queue and open it',
} as const;
