/** Keyboard shortcuts: the help overlay and the descriptions of every registered shortcut. */
export const shortcutsMessages = {
  'shortcuts.help.title': 'Keyboard shortcuts',
  'shortcuts.help.intro': 'Single-key shortcuts work anywhere except while you type in a field. Press Escape to close.',
  'shortcuts.help.then': 'then',
  'shortcuts.scope.global': 'Everywhere',
  'shortcuts.scope.inbox': 'Ticket list',
  'shortcuts.scope.ticket': 'Ticket page',
  'shortcuts.global.goInbox': 'Go to the inbox',
  'shortcuts.global.search': 'Search tickets',
  'shortcuts.global.help': 'Show this list of shortcuts',
  'shortcuts.ticket.reply': 'Write a reply',
  'shortcuts.ticket.note': 'Write an internal note',
  'shortcuts.ticket.assign': 'Change the assignee',
  'shortcuts.ticket.solve': 'Solve the ticket',
  'shortcuts.ticket.back': 'Back to the ticket list',
  'shortcuts.ticket.solved': 'Ticket #{number} solved',
  'shortcuts.ticket.alreadySolved': 'Ticket #{number} is already solved',
} as const;
