/** Words for the resolution screens' values (statuses, periods, roles, the limit hint, the badges). */
import type { LimitPeriod, LimitRole, ResolutionAction, ResolutionStatus } from '@rapport/contracts/resolutions';
import { t, type MessageKey } from '../../i18n/i18n.ts';
import { actionKeys } from '../playbooks/action-labels.ts';
import { formatMoney, type LimitHint, type ResolutionBadge } from './resolution-logic.ts';

export const actionLabel = (action: ResolutionAction): string => t(actionKeys[action]);

export const periodAdjective: Record<LimitPeriod, MessageKey> = { day: 'resolutions.period.day', week: 'resolutions.period.week', month: 'resolutions.period.month' };
export const periodName: Record<LimitPeriod, MessageKey> = { day: 'resolutions.periodName.day', week: 'resolutions.periodName.week', month: 'resolutions.periodName.month' };
export const roleName: Record<LimitRole, MessageKey> = { agent: 'resolutions.role.agent', lead: 'resolutions.role.lead', admin: 'resolutions.role.admin' };
export const statusName: Record<ResolutionStatus, MessageKey> = {
  approved: 'resolutions.status.approved',
  pending: 'resolutions.status.pending',
  rejected: 'resolutions.status.rejected',
  cancelled: 'resolutions.status.cancelled',
};

/** The sentence under the amount as the agent types; null when there is nothing to say yet. */
export function hintText(hint: LimitHint, currency: string): string | null {
  switch (hint.kind) {
    case 'empty':
    case 'invalid':
      return null;
    case 'within':
      return hint.remaining !== null && hint.period !== null
        ? t('resolutions.hint.withinLeft', { remaining: formatMoney(hint.remaining, currency), period: t(periodAdjective[hint.period]) })
        : t('resolutions.hint.within');
    case 'above_per_action':
      return t('resolutions.hint.abovePerAction', { limit: formatMoney(hint.limit, currency) });
    case 'above_period':
      return t('resolutions.hint.abovePeriod', { period: t(periodAdjective[hint.period]), remaining: formatMoney(hint.remaining, currency), perPeriod: formatMoney(hint.perPeriod, currency) });
    case 'no_limit':
      return t('resolutions.hint.noLimit', { currency: currency.trim().toUpperCase() });
  }
}

/** A badge's words and colour (the words carry the meaning; the colour only repeats it). */
export function badgeView(badge: ResolutionBadge): { text: string; tone: string } {
  const someone = t('resolutions.formerMember');
  switch (badge.kind) {
    case 'approved_within':
      return { text: t(badge.mine ? 'resolutions.badge.approvedWithinMine' : 'resolutions.badge.approvedWithin'), tone: 'status-solved' };
    case 'approved_by':
      return { text: t('resolutions.badge.approvedBy', { name: badge.name ?? someone }), tone: 'status-solved' };
    case 'pending':
      return { text: t('resolutions.badge.pending'), tone: 'status-pending' };
    case 'rejected':
      return { text: t('resolutions.badge.rejectedBy', { name: badge.name ?? someone, note: badge.note }), tone: 'priority-urgent' };
    case 'cancelled':
      return { text: t('resolutions.badge.cancelled'), tone: 'status-closed' };
  }
}
