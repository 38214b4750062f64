import { NotificationSettings, UpdateNotificationSettingsBody } from '@rapport/contracts/notification-settings';
import type { AppDeps } from '../../platform/app-deps.ts';
import { defineRoute, type AnyRoute } from '../../platform/route.ts';
import { getNotificationSettings, updateNotificationSettings } from './notification-settings.ts';

export function notificationSettingsRoutes(deps: AppDeps): AnyRoute[] {
  return [
    defineRoute({
      id: 'me.notification-settings.get',
      method: 'GET',
      url: '/api/v1/me/notification-settings',
      permission: 'authenticated',
      tag: 'notifications',
      summary: 'Your own notification settings: for each kind of notification, whether you also get an email',
      response: NotificationSettings,
      handler: ({ actor }) => getNotificationSettings(deps, actor),
    }),
    defineRoute({
      id: 'me.notification-settings.update',
      method: 'PUT',
      url: '/api/v1/me/notification-settings',
      permission: 'authenticated',
      tag: 'notifications',
      summary: 'Choose, per kind of notification, whether you also get an email (kinds not listed keep their setting)',
      body: UpdateNotificationSettingsBody,
      response: NotificationSettings,
      successStatus: 200,
      handler: ({ actor, body }) => updateNotificationSettings(deps, actor, body),
    }),
  ];
}
