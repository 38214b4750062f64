/** The route table: every API route of every module. The authorization matrix test reads it. */
import type { AppDeps } from './platform/app-deps.ts';
import type { AnyRoute } from './platform/route.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { notificationRoutes } from './modules/notifications/notifications.routes.ts';
import { searchRoutes } from './modules/search/search.routes.ts';
import { ticketRoutes } from './modules/tickets/tickets.routes.ts';

export function allRoutes(deps: AppDeps): AnyRoute[] {
  return [...authRoutes(deps), ...ticketRoutes(deps), ...notificationRoutes(deps), ...searchRoutes(deps)];
}
