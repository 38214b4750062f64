import type { TicketDetail } from '@rapport/contracts/tickets';
import { useAnnounce } from '@rapport/ui/live-region';
import { t } from '../../i18n/i18n.ts';
import { navigate } from '../../router/router.tsx';
import { useUpdateTicket } from '../../modules/ticket/hooks/use-update-ticket.ts';
import { getLastInboxPath } from '../navigation-memory.ts';
import { useShortcut } from './use-shortcut.ts';

/**
 * The stable DOM hooks the ticket page's shortcuts rely on (the composer and properties panel
 * render them): the composer's text box, its mode buttons, and the assignee control.
 */
export const ticketShortcutTargets = {
  composerText: 'composer-text',
  composerMode: (mode: 'reply' | 'note') => `[data-composer-mode="${mode}"]`,
  assignee: 'ticket-assignee',
} as const;

function focusComposer(mode: 'reply' | 'note') {
  const modeButton = document.querySelector<HTMLElement>(ticketShortcutTargets.composerMode(mode));
  if (modeButton && modeButton.getAttribute('aria-pressed') !== 'true' && modeButton.getAttribute('aria-checked') !== 'true') modeButton.click();
  // The mode switch may re-render the composer; focus once React has committed it.
  requestAnimationFrame(() => {
    const text =
      document.getElementById(ticketShortcutTargets.composerText) ?? document.querySelector<HTMLElement>(`[data-testid="${ticketShortcutTargets.composerText}"]`);
    text?.focus();
    text?.scrollIntoView({ block: 'nearest' });
  });
}

/** The assignee control by its id; until the properties panel carries it, the control labelled "Assignee". */
function focusAssignee() {
  const byId = document.getElementById(ticketShortcutTargets.assignee);
  const byLabel = [...document.querySelectorAll('label')].find((label) => label.textContent?.trim() === 'Assignee')?.control;
  (byId ?? byLabel)?.focus();
}

/** r reply, n note, a assignee, s solve, u back to the list. Mounted by the ticket page. */
export function TicketShortcuts({ ticket, ticketRef }: { ticket: TicketDetail; ticketRef: string }) {
  const update = useUpdateTicket(ticketRef);
  const announce = useAnnounce();
  useShortcut('r', t('shortcuts.ticket.reply'), 'ticket', () => focusComposer('reply'));
  useShortcut('n', t('shortcuts.ticket.note'), 'ticket', () => focusComposer('note'));
  useShortcut('a', t('shortcuts.ticket.assign'), 'ticket', focusAssignee);
  useShortcut('s', t('shortcuts.ticket.solve'), 'ticket', () => {
    if (ticket.status === 'solved' || ticket.status === 'closed') {
      announce(t('shortcuts.ticket.alreadySolved', { number: ticket.number }));
      return;
    }
    update.mutate({
      changes: { status: 'solved' },
      preview: (current) => ({ ...current, status: 'solved' }),
      confirmation: t('shortcuts.ticket.solved', { number: ticket.number }),
    });
  });
  useShortcut('u', t('shortcuts.ticket.back'), 'ticket', () => navigate(getLastInboxPath()));
  return null;
}
