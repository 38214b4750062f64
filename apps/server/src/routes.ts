/** The route table: every API route of every module. The authorization matrix test reads it. */
import type { AppDeps } from './platform/app-deps.ts';
import type { AnyRoute } from './platform/route.ts';
import { attachmentRoutes } from './modules/attachments/attachments.routes.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { coachRoutes } from './modules/coach/coach.routes.ts';
import { customFieldRoutes } from './modules/custom-fields/custom-fields.routes.ts';
import { customerRoutes } from './modules/customers/customers.routes.ts';
import { emailAdminRoutes } from './modules/email/email-admin.routes.ts';
import { notificationRoutes } from './modules/notifications/notifications.routes.ts';
import { followerRoutes } from './modules/tickets/followers.routes.ts';
import { organisationRoutes } from './modules/organisations/organisations.routes.ts';
import { searchRoutes } from './modules/search/search.routes.ts';
import { tagRoutes } from './modules/tags/tags.routes.ts';
import { teamRoutes } from './modules/teams/teams.routes.ts';
import { ticketRoutes } from './modules/tickets/tickets.routes.ts';
import { inboxRoutes } from './modules/tickets/inbox.routes.ts';
import { ticketAuditRoutes } from './modules/tickets/ticket-audit.routes.ts';
import { userRoutes } from './modules/users/users.routes.ts';
import { viewRoutes } from './modules/views/views.routes.ts';
import { macroRoutes } from './modules/macros/macros.routes.ts';
import { draftRoutes } from './modules/drafts/drafts.routes.ts';
import { uploadRoutes } from './modules/attachments/uploads.routes.ts';
import { composerRoutes } from './modules/tickets/composer.routes.ts';
import { workspaceRoutes } from './modules/workspaces/workspaces.routes.ts';
import { queueRoutes } from './modules/queue/queue.routes.ts';
import { lessonRoutes } from './modules/lessons/lessons.routes.ts';
import { overrideRoutes } from './modules/overrides/overrides.routes.ts';
import { businessHoursRoutes } from './modules/business-hours/business-hours.routes.ts';
import { slaRoutes } from './modules/sla/sla.routes.ts';
import { escalationRoutes } from './modules/escalations/escalations.routes.ts';
import { promiseRoutes } from './modules/promises/promises.routes.ts';
import { routingRoutes } from './modules/routing/routing.routes.ts';
import { waitingRoutes } from './modules/waiting/waiting.routes.ts';
import { playbookRoutes } from './modules/playbooks/playbooks.routes.ts';
import { resolutionRoutes } from './modules/resolutions/resolutions.routes.ts';
import { automationRoutes } from './modules/automations/automations.routes.ts';
import { webhookRoutes } from './modules/webhooks/webhooks.routes.ts';

export function allRoutes(deps: AppDeps): AnyRoute[] {
  return [
    ...authRoutes(deps),
    ...ticketRoutes(deps),
    ...inboxRoutes(deps),
    ...ticketAuditRoutes(deps),
    ...notificationRoutes(deps),
    ...followerRoutes(deps),
    ...searchRoutes(deps),
    ...customerRoutes(deps),
    ...organisationRoutes(deps),
    ...userRoutes(deps),
    ...teamRoutes(deps),
    ...tagRoutes(deps),
    ...customFieldRoutes(deps),
    ...viewRoutes(deps),
    ...attachmentRoutes(deps),
    ...macroRoutes(deps),
    ...draftRoutes(deps),
    ...uploadRoutes(deps),
    ...composerRoutes(deps),
    ...coachRoutes(deps),
    ...workspaceRoutes(deps),
    ...emailAdminRoutes(deps),
    ...queueRoutes(deps),
    ...lessonRoutes(deps),
    ...overrideRoutes(deps),
    ...businessHoursRoutes(deps),
    ...slaRoutes(deps),
    ...escalationRoutes(deps),
    ...promiseRoutes(deps),
    ...routingRoutes(deps),
    ...waitingRoutes(deps),
    ...playbookRoutes(deps),
    ...resolutionRoutes(deps),
    ...automationRoutes(deps),
    ...webhookRoutes(deps),
  ];
}
