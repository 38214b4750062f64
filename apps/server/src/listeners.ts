/** Every named outbox listener, run by the worker role. */
import type { AppDeps } from './platform/app-deps.ts';
import type { EventListener } from './platform/outbox-dispatcher.ts';
import { notifyAssigneeListener } from './modules/notifications/notifications.listeners.ts';

export function allListeners(deps: AppDeps): EventListener[] {
  return [notifyAssigneeListener(deps)];
}
