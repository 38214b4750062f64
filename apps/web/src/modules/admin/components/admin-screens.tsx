import type { AdminScreen } from '../admin-paths.ts';
import { CoachSettingsScreen } from './coach-settings-screen.tsx';
import { CustomFieldsScreen } from './custom-fields-screen.tsx';
import { PreferencesScreen } from './preferences-screen.tsx';
import { TagsScreen } from './tags-screen.tsx';
import { TeamsScreen } from './teams-screen.tsx';
import { UsersScreen } from './users-screen.tsx';
import { WorkspaceScreen } from './workspace-screen.tsx';
import { BusinessHoursScreen } from '../../service/components/business-hours-screen.tsx';
import { SlaPoliciesScreen } from '../../service/components/sla-policies-screen.tsx';
import { PlaybooksAdminScreen } from '../../playbooks/components/playbooks-admin-screen.tsx';
import { EscalationLevelsScreen } from '../../escalations/components/escalation-levels-screen.tsx';
import { WaitingSettingsScreen } from '../../waiting/components/waiting-settings-screen.tsx';
import { DiscretionLimitsScreen } from '../../resolutions/components/discretion-limits-screen.tsx';
import { AutomationsAdminScreen } from '../../automations/components/automations-admin-screen.tsx';
import { WebhooksScreen } from '../../webhooks/components/webhooks-screen.tsx';

/** The admin module's screens, one lazy chunk (see admin-lazy.tsx); `screen` comes from adminScreenFor(pathname). */
export function AdminScreens({ screen }: { screen: AdminScreen | 'preferences' }) {
  switch (screen) {
    case 'users':
      return <UsersScreen />;
    case 'teams':
      return <TeamsScreen />;
    case 'workspace':
      return <WorkspaceScreen />;
    case 'tags':
      return <TagsScreen />;
    case 'customFields':
      return <CustomFieldsScreen />;
    case 'coach':
      return <CoachSettingsScreen />;
    case 'businessHours':
      return <BusinessHoursScreen />;
    case 'slaPolicies':
      return <SlaPoliciesScreen />;
    case 'playbooks':
      return <PlaybooksAdminScreen />;
    case 'escalations':
      return <EscalationLevelsScreen />;
    case 'discretionLimits':
      return <DiscretionLimitsScreen />;
    case 'automations':
      return <AutomationsAdminScreen />;
    case 'webhooks':
      return <WebhooksScreen />;
    case 'waiting':
      return <WaitingSettingsScreen />;
    case 'preferences':
      return <PreferencesScreen />;
  }
}
