/**
 * Waiting on the customer (issue 7 part 5, P10): the workspace's reminder and automatic-close
 * settings, a ticket's wait, and a person's override of the automatic close.
 */
import { z } from 'zod';
import { Timestamp } from './common.ts';

const BusinessDays = z.number().int().min(1).max(60);

export const ServiceSettingsDto = z
  .object({
    pendingReminderDays: BusinessDays.nullable().describe('Remind the customer after this many business days pending; null: never'),
    pendingCloseDays: BusinessDays.nullable().describe('Solve the ticket, with a notice, after this many business days pending; null: never'),
    updatedAt: Timestamp.nullable(),
  })
  .meta({ id: 'ServiceSettings' });
export type ServiceSettingsDto = z.infer<typeof ServiceSettingsDto>;

export const UpdateServiceSettingsBody = z
  .object({
    pendingReminderDays: BusinessDays.nullable().optional(),
    pendingCloseDays: BusinessDays.nullable().optional(),
  })
  .strict()
  .refine(
    (body) => body.pendingReminderDays == null || body.pendingCloseDays == null || body.pendingCloseDays > body.pendingReminderDays,
    { message: 'The close comes after the reminder', path: ['pendingCloseDays'] },
  );
export type UpdateServiceSettingsBody = z.infer<typeof UpdateServiceSettingsBody>;

export const TicketWaitingDto = z
  .object({
    waiting: z.boolean().describe('Whether the ticket is pending on the customer'),
    pendingSince: Timestamp.nullable(),
    remindAt: Timestamp.nullable().describe('When the reminder is (or was) due; null: none'),
    remindedAt: Timestamp.nullable(),
    closeAt: Timestamp.nullable().describe('When the ticket is solved automatically; null: it is not'),
  })
  .meta({ id: 'TicketWaiting' });
export type TicketWaitingDto = z.infer<typeof TicketWaitingDto>;

export const WaitingOverrideAction = z.enum(['postpone', 'never_close']);
export type WaitingOverrideAction = z.infer<typeof WaitingOverrideAction>;

export const WaitingOverrideBody = z
  .object({
    action: WaitingOverrideAction.describe('postpone: keep waiting (the close moves to the close setting from now); never_close: no automatic close'),
    reason: z.string().trim().min(1).max(1000),
  })
  .strict();
export type WaitingOverrideBody = z.infer<typeof WaitingOverrideBody>;
