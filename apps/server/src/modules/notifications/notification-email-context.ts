/**
 * What writing a notification email needs besides the transaction: the agent app's base URL for
 * the links, the hourly limit, the clock and the logger, read from the app's dependencies that
 * every caller of `storeNotification(deps, tx, …)` passes.
 */
import type { AppDeps } from '../../platform/app-deps.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Logger } from '../../platform/logger.ts';
import { appBaseUrl } from './notification-email-rules.ts';

export interface NotificationEmailContext {
  baseUrl: string;
  hourlyLimit: number;
  clock: Clock;
  logger: Logger;
}

export function notificationEmailContextOf(deps: Pick<AppDeps, 'config' | 'clock' | 'logger'>): NotificationEmailContext {
  return { baseUrl: appBaseUrl(deps.config), hourlyLimit: deps.config.notificationEmailsPerHour, clock: deps.clock, logger: deps.logger };
}
