/**
 * The admin screens' addresses and who may see each, apart from the screens themselves: the shell
 * links to them from the first paint while the screens load lazily (admin-lazy.tsx).
 */
export const adminPaths = {
  users: '/admin/users',
  teams: '/admin/teams',
  workspace: '/admin/workspace',
  tags: '/admin/tags',
  customFields: '/admin/custom-fields',
  coach: '/admin/coach',
  businessHours: '/admin/business-hours',
  slaPolicies: '/admin/sla-policies',
  playbooks: '/admin/playbooks',
  escalations: '/admin/escalations',
  waiting: '/admin/waiting',
  discretionLimits: '/admin/discretion-limits',
  automations: '/admin/automations',
  webhooks: '/admin/webhooks',
} as const;
/** Built by the macros work (issue 6 part 3); the admin navigation links to it. */
export const macrosAdminPath = '/admin/macros';
export const preferencesPath = '/preferences';

export type AdminScreen = keyof typeof adminPaths;

/** The screens this module renders (so the route table never swallows another module's /admin page). */
export function adminScreenFor(pathname: string): AdminScreen | 'preferences' | null {
  if (pathname === preferencesPath) return 'preferences';
  const entry = Object.entries(adminPaths).find(([, path]) => path === pathname);
  return entry ? (entry[0] as AdminScreen) : null;
}

export type AdminLinkLabel =
  | 'admin.nav.users'
  | 'admin.nav.teams'
  | 'admin.nav.workspace'
  | 'admin.nav.tags'
  | 'admin.nav.customFields'
  | 'admin.nav.coach'
  | 'admin.nav.macros'
  | 'service.nav.businessHours'
  | 'service.nav.slaPolicies'
  | 'playbooks.nav.admin'
  | 'escalations.nav.admin'
  | 'waiting.nav.admin'
  | 'resolutions.nav.limits'
  | 'automations.nav.admin'
  | 'webhooks.nav.admin';

export interface AdminLink {
  path: string;
  label: AdminLinkLabel;
  /** The permission that lets a role manage what the screen edits. */
  permission: string;
}

// Email settings have their own sidebar section (and the workspace screen links to them).
export const adminLinks: readonly AdminLink[] = [
  { path: adminPaths.users, label: 'admin.nav.users', permission: 'user.manage' },
  { path: adminPaths.teams, label: 'admin.nav.teams', permission: 'team.manage' },
  { path: adminPaths.workspace, label: 'admin.nav.workspace', permission: 'workspace.manage' },
  { path: adminPaths.tags, label: 'admin.nav.tags', permission: 'tag.manage' },
  { path: adminPaths.customFields, label: 'admin.nav.customFields', permission: 'custom_field.manage' },
  { path: macrosAdminPath, label: 'admin.nav.macros', permission: 'macro.manage' },
  { path: adminPaths.coach, label: 'admin.nav.coach', permission: 'workspace.manage' },
  { path: adminPaths.businessHours, label: 'service.nav.businessHours', permission: 'service.manage' },
  { path: adminPaths.slaPolicies, label: 'service.nav.slaPolicies', permission: 'service.manage' },
  { path: adminPaths.playbooks, label: 'playbooks.nav.admin', permission: 'macro.manage' },
  { path: adminPaths.escalations, label: 'escalations.nav.admin', permission: 'service.manage' },
  { path: adminPaths.waiting, label: 'waiting.nav.admin', permission: 'service.manage' },
  { path: adminPaths.discretionLimits, label: 'resolutions.nav.limits', permission: 'resolution.manage' },
  { path: adminPaths.automations, label: 'automations.nav.admin', permission: 'automation.manage' },
  { path: adminPaths.webhooks, label: 'webhooks.nav.admin', permission: 'webhook.manage' },
];

/** The admin links a session may use; the "Admin" navigation section shows only when this is not empty. */
export function visibleAdminLinks(permissions: readonly string[]): AdminLink[] {
  const granted = new Set(permissions);
  return adminLinks.filter((link) => granted.has(link.permission));
}
