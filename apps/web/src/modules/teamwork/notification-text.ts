/** How a notification reads in the panel (pure, unit-tested). Data keys vary by kind and by writer. */
import type { Notification } from '@rapport/contracts/teamwork';
import { t } from '../../i18n/i18n.ts';

export interface NotificationView {
  title: string;
  subject: string | null;
  excerpt: string | null;
  ticketNumber: number | null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value : null;
}

function nameOf(data: Record<string, unknown>): string | null {
  const author = data['author'];
  const authorName = author && typeof author === 'object' ? text((author as Record<string, unknown>)['name']) : null;
  return text(data['actorName']) ?? text(data['authorName']) ?? authorName;
}

export function describeNotification(notification: Pick<Notification, 'kind' | 'data'>): NotificationView {
  const { data, kind } = notification;
  const rawNumber = data['number'] ?? data['ticketNumber'];
  const ticketNumber = typeof rawNumber === 'number' ? rawNumber : typeof rawNumber === 'string' && /^\d+$/.test(rawNumber) ? Number(rawNumber) : null;
  const number = ticketNumber === null ? '?' : String(ticketNumber);
  const actor = nameOf(data) ?? t('teamwork.notifications.someone');
  let title: string;
  switch (kind) {
    case 'assigned':
      title = nameOf(data) ? t('teamwork.notifications.kind.assigned', { actor, number }) : t('teamwork.notifications.kind.assignedNoActor', { number });
      break;
    case 'customer_replied':
      title = t('teamwork.notifications.kind.customer_replied', { actor, number });
      break;
    case 'reply':
      title = t('teamwork.notifications.kind.reply', { actor, number });
      break;
    case 'note':
      title = t('teamwork.notifications.kind.note', { actor, number });
      break;
    case 'mention':
      title = t('teamwork.notifications.kind.mention', { actor, number });
      break;
    case 'promise_reminder':
      title = t('teamwork.notifications.kind.promise_reminder', { number });
      break;
    default:
      title = t('teamwork.notifications.kind.other', { number });
  }
  return { title, subject: text(data['subject']), excerpt: text(data['excerpt']), ticketNumber };
}
