import { z } from 'zod';
import { notificationKinds } from './teamwork.ts';

/**
 * A member's own notification settings (issue 4): per kind of in-app notification, whether it is
 * also emailed to them. Kinds without a choice follow the default (the response says which).
 */

export const NotificationKind = z.enum(notificationKinds);
export type NotificationKind = z.infer<typeof NotificationKind>;

export const NotificationEmailSetting = z
  .object({
    kind: NotificationKind,
    isEnabled: z.boolean().describe('An email is sent for this kind'),
    isDefault: z.boolean().describe('No choice was made: `isEnabled` is the default'),
    defaultEnabled: z.boolean(),
  })
  .meta({ id: 'NotificationEmailSetting' });
export type NotificationEmailSetting = z.infer<typeof NotificationEmailSetting>;

export const NotificationSettings = z
  .object({
    emailAddress: z.string().describe('Where notification emails go: your login address'),
    email: z.array(NotificationEmailSetting).describe('One entry per kind, in a fixed order'),
    hourlyEmailLimit: z.number().int().min(0).describe('At most this many notification emails an hour; beyond it only the in-app notification is made'),
  })
  .meta({ id: 'NotificationSettings' });
export type NotificationSettings = z.infer<typeof NotificationSettings>;

export const UpdateNotificationSettingsBody = z
  .object({
    email: z
      .array(z.object({ kind: NotificationKind, isEnabled: z.boolean() }).strict())
      .max(notificationKinds.length)
      .refine((items) => new Set(items.map((item) => item.kind)).size === items.length, { message: 'Each kind at most once' })
      .describe('The kinds to set; kinds not listed keep their setting'),
  })
  .strict();
export type UpdateNotificationSettingsBody = z.infer<typeof UpdateNotificationSettingsBody>;
