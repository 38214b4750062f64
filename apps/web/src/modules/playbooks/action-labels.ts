import type { ResolutionAction } from '@rapport/contracts/playbooks';
import type { MessageKey } from '../../i18n/i18n.ts';

/** The label of each resolution action a playbook may allow. */
export const actionKeys: Record<ResolutionAction, MessageKey> = {
  refund: 'playbooks.action.refund',
  store_credit: 'playbooks.action.store_credit',
  replacement: 'playbooks.action.replacement',
  discount: 'playbooks.action.discount',
  free_shipping: 'playbooks.action.free_shipping',
};
