import type { Role } from '@rapport/contracts/auth';

/**
 * Every route declares one of these. 'public' needs no sign-in; 'authenticated' needs any member.
 * Everything else is granted to roles below; anything not granted is denied.
 */
export const permissions = [
  'ticket.read',
  'ticket.create',
  'ticket.update',
  'ticket.reply',
  'ticket.note',
  'ticket.merge',
  'ticket.split',
  'customer.read',
  'customer.write',
  'organisation.read',
  'organisation.write',
  'user.read',
  'user.manage',
  'team.read',
  'team.manage',
  'tag.read',
  'tag.manage',
  'custom_field.read',
  'custom_field.manage',
  'view.read',
  'view.write',
  'search',
  'coach.use',
  /** Use macros in the composer and keep personal ones. */
  'macro.use',
  /** Create, change and delete the workspace's shared macros. */
  'macro.manage',
  /** Workspace email addresses, IMAP mailboxes, auto-acknowledgement and threading settings. */
  'email.manage',
  /** Retry, release and delete quarantined email (held email is accepted/moved with ticket.update). */
  'email.triage',
  /** Workspace name and time zone, and the reply coach's checks and glossary (admins only). */
  'workspace.manage',
  /** Read business hours and SLA policies. */
  'service.read',
  /** Set business hours and SLA policies (admins only). */
  'service.manage',
  /** The lessons of tickets that could not be solved (leads and admins). */
  'lesson.read',
  /** Team reports (the parity report) and everyone's overdue promises (leads and admins). */
  'report.read',
  /** Give a resolution action (refund, credit, replacement, discount, free shipping) within one's limit, or ask for approval above it. */
  'resolution.act',
  /** Decide approval requests for resolution actions above the requester's limit (leads and admins). */
  'resolution.approve',
  /** Set the discretion limits per role, action and currency (admins only). */
  'resolution.manage',
  /** Create, change and delete automations, and read their run log across tickets (leads and admins). */
  'automation.manage',
  /** Outgoing webhook endpoints, their secrets and delivery log (admins only). */
  'webhook.manage',
  /** Override an SLA clock of a ticket (add time or waive it) with a reason (leads and admins). */
  'sla.override',
] as const;
export type Permission = (typeof permissions)[number];
export type RoutePermission = Permission | 'public' | 'authenticated';

const agentPermissions: Permission[] = [
  'ticket.read',
  'ticket.create',
  'ticket.update',
  'ticket.reply',
  'ticket.note',
  'ticket.merge',
  'ticket.split',
  'customer.read',
  'customer.write',
  'organisation.read',
  'organisation.write',
  'user.read',
  'team.read',
  'tag.read',
  'custom_field.read',
  'view.read',
  'view.write',
  'search',
  'coach.use',
  'macro.use',
  'service.read',
  'resolution.act',
];
const leadPermissions: Permission[] = [...agentPermissions, 'macro.manage', 'tag.manage', 'team.manage', 'email.triage', 'lesson.read', 'report.read', 'resolution.approve', 'automation.manage', 'sla.override'];

export const grants: Record<Role, ReadonlySet<Permission>> = {
  agent: new Set(agentPermissions),
  lead: new Set(leadPermissions),
  admin: new Set(permissions),
};

export function roleHas(role: Role, permission: RoutePermission): boolean {
  if (permission === 'public' || permission === 'authenticated') return true;
  return grants[role].has(permission);
}
