/** Every named outbox listener, run by the worker role. */
import type { AppDeps } from './platform/app-deps.ts';
import type { EventListener } from './platform/outbox-dispatcher.ts';
import { notifyPromiseOwnerListener } from './modules/promises/promises-listeners.ts';
import { notifyResolutionApprovalsListener } from './modules/resolutions/resolutions-listeners.ts';
import { notifyAssigneeListener, notifyFollowersListener } from './modules/notifications/notifications.listeners.ts';
import { autoFollowListener } from './modules/tickets/followers.ts';
import { notifyMentionedListener } from './modules/notifications/mention-notifications.ts';
import { slaPolicyListener } from './modules/sla/sla.ts';
import { slaEscalationListener } from './modules/escalations/escalations.ts';
import { routingListener } from './modules/routing/routing.ts';
import { automationNotificationsListener, automationsListener } from './modules/automations/automations-engine.ts';
import { webhooksListener } from './modules/webhooks/webhook-sender.ts';

export function allListeners(deps: AppDeps): EventListener[] {
  return [notifyAssigneeListener(deps), notifyFollowersListener(deps), autoFollowListener(deps), notifyMentionedListener(deps), slaPolicyListener(deps), slaEscalationListener(deps), routingListener(deps), automationsListener(deps), automationNotificationsListener(deps), notifyPromiseOwnerListener(deps), notifyResolutionApprovalsListener(deps), webhooksListener(deps)];
}
