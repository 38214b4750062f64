/** How a notification reads in the panel (pure, unit-tested). Data keys vary by kind and by writer. */
import type { Notification } from '@rapport/contracts/teamwork';
import type { ResolutionAction } from '@rapport/contracts/playbooks';
import { t } from '../../i18n/i18n.ts';
import { actionKeys } from '../playbooks/action-labels.ts';
import { formatMoney } from '../resolutions/money.ts';
import { approvalsPath } from '../resolutions/resolutions-paths.ts';

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

/** "Ana asks to approve a €120.00 refund on #12" / "Your €120.00 refund on #12 was approved". */
function describeApproval(kind: 'approval_requested' | 'approval_decided', data: Record<string, unknown>, actor: string, number: string): string {
  const amount = text(data['amount']);
  const currency = text(data['currency']);
  const rawAction = text(data['action']);
  const action = rawAction && Object.hasOwn(actionKeys, rawAction) ? t(actionKeys[rawAction as ResolutionAction]).toLowerCase() : t('teamwork.notifications.approval.action');
  const what = amount && currency ? `${formatMoney(amount, currency)} ${action}` : action;
  if (kind === 'approval_requested') return t('teamwork.notifications.kind.approval_requested', { actor, what, number });
  const decision = text(data['decision']) ?? text(data['status']);
  if (decision === 'approved' || decision === 'approve') return t('teamwork.notifications.kind.approval_approved', { what, number });
  if (decision === 'rejected' || decision === 'reject') return t('teamwork.notifications.kind.approval_rejected', { what, number });
  return t('teamwork.notifications.kind.approval_decided', { what, number });
}

/** Where opening a notification goes: approval requests to the approvals screen, the rest to their ticket. */
export function notificationPath(notification: Pick<Notification, 'kind' | 'data' | 'ticketId'>): string | null {
  if (notification.kind === 'approval_requested') return approvalsPath;
  const number = describeNotification(notification).ticketNumber;
  if (number !== null) return `/tickets/${number}`;
  return notification.ticketId ? `/tickets/${notification.ticketId}` : null;
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
    case 'approval_requested':
    case 'approval_decided':
      title = describeApproval(kind, data, actor, number);
      break;
    case 'automation':
      title = t('teamwork.notifications.kind.automation', { name: text(data['automationName']) ?? t('teamwork.notifications.anAutomation'), number });
      break;
    case 'automation_loop':
      title = t('teamwork.notifications.kind.automation_loop', { name: text(data['automationName']) ?? t('teamwork.notifications.anAutomation'), number });
      break;
    default:
      title = t('teamwork.notifications.kind.other', { number });
  }
  // An automation's message is its `text`.
  const excerpt = text(data['excerpt']) ?? (kind === 'automation' ? text(data['text']) : null);
  return { title, subject: text(data['subject']), excerpt, ticketNumber };
}
