import { describe, expect, it } from 'vitest';
import { adminScreenFor, visibleAdminLinks } from './admin-paths.ts';

describe('admin navigation', () => {
  it('shows agents nothing, leads what they manage, admins everything', () => {
    expect(visibleAdminLinks(['ticket.read', 'coach.use', 'user.read'])).toEqual([]);
    expect(visibleAdminLinks(['ticket.read', 'tag.manage', 'team.manage', 'macro.manage']).map((link) => link.path)).toEqual([
      '/admin/teams',
      '/admin/tags',
      '/admin/macros',
      '/admin/playbooks',
    ]);
    const admin = ['user.manage', 'team.manage', 'workspace.manage', 'email.manage', 'tag.manage', 'custom_field.manage', 'macro.manage', 'service.manage'];
    // Users, teams, workspace, tags, custom fields, macros, coach, business hours, SLA policies, playbooks, escalations, waiting.
    expect(visibleAdminLinks(admin)).toHaveLength(12);
  });

  it('shows the automations screen to whoever may manage automations', () => {
    expect(visibleAdminLinks(['automation.manage']).map((link) => link.path)).toEqual(['/admin/automations']);
    expect(adminScreenFor('/admin/automations')).toBe('automations');
  });

  it('claims only its own screens, never the macros page', () => {
    expect(adminScreenFor('/admin/users')).toBe('users');
    expect(adminScreenFor('/preferences')).toBe('preferences');
    expect(adminScreenFor('/admin/macros')).toBeNull();
    expect(adminScreenFor('/admin')).toBeNull();
  });
});
