/**
 * notify-resolution-approvals: a pending request becomes an `approval_requested` notification for
 * every active member who may decide it (not the requester); a decision by an approver becomes an
 * `approval_decided` notification for the requester. Each makes the live `notification.created`
 * event. Idempotent per (event, recipient, kind); a request decided before its event is handled
 * asks nobody any more.
 */
import { resolutionTopics } from '@rapport/contracts/resolutions';
import type { AppDeps } from '../../platform/app-deps.ts';
import type { EventListener } from '../../platform/outbox-dispatcher.ts';
import { formatMoney } from './limit-decision.ts';
import { approvalDecidedKind, approvalRequestedKind, approverRoles } from './resolutions.ts';
import { storeNotification } from '../notifications/store-notification.ts';
import { activeMembersWithRoles, findActionView, memberOf } from './resolutions.queries.ts';

const excerptLength = 200;
const excerpt = (text: string) => (text.length > excerptLength ? `${text.slice(0, excerptLength - 1)}…` : text);

export function notifyResolutionApprovalsListener(deps: AppDeps): EventListener {
  return {
    name: 'notify-resolution-approvals',
    topics: [resolutionTopics.requested, resolutionTopics.approved, resolutionTopics.rejected],
    async handle(event) {
      const id = String(event.payload['resolutionActionId'] ?? '');
      if (!id) return;
      const view = await findActionView(deps.db, event.workspaceId, id);
      if (!view) return;
      const base = {
        number: view.ticketNumber,
        subject: view.ticketSubject,
        resolutionActionId: view.id,
        action: view.action,
        amount: formatMoney(view.amount),
        currency: view.currency,
      };
      if (event.topic === resolutionTopics.requested) {
        if (view.status !== 'pending') return;
        const approvers = (await activeMembersWithRoles(deps.db, event.workspaceId, approverRoles)).filter((member) => member.id !== view.requestedById);
        const data = { ...base, actorName: view.requestedByName ?? '', reason: excerpt(view.reason), approvalReason: view.approvalReason };
        await deps.db.transaction(async (tx) => {
          for (const member of approvers) {
            await storeNotification(deps, tx, { workspaceId: event.workspaceId, userId: member.id, ticketId: view.ticketId, kind: approvalRequestedKind, eventId: event.eventId, data });
          }
        });
        return;
      }
      // Approved or rejected: only a person's decision is news to the requester (not an action within their own limit).
      const requestedById = view.requestedById;
      if (event.payload['approval'] === 'within_limit' || !view.approverId || !requestedById || view.approverId === requestedById) return;
      const requester = await memberOf(deps.db, event.workspaceId, requestedById);
      if (!requester?.isActive) return;
      const data = {
        ...base,
        actorName: view.approverName ?? '',
        decision: event.topic === resolutionTopics.approved ? 'approved' : 'rejected',
        note: excerpt(view.decisionNote ?? ''),
      };
      await deps.db.transaction((tx) =>
        storeNotification(deps, tx, { workspaceId: event.workspaceId, userId: requestedById, ticketId: view.ticketId, kind: approvalDecidedKind, eventId: event.eventId, data }),
      );
    },
  };
}
