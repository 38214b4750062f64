import { z } from 'zod';
import { Id } from './common.ts';

export const Role = z.enum(['admin', 'lead', 'agent']);
export type Role = z.infer<typeof Role>;

export const LoginBody = z
  .object({
    email: z.email().max(320),
    password: z.string().min(1).max(1024),
    workspace: z.string().max(100).optional().describe('Workspace slug, when the user belongs to several'),
  })
  .strict();

export const SessionInfo = z
  .object({
    user: z.object({ id: Id, name: z.string(), email: z.string(), timeZone: z.string().nullable().describe('Their own time zone; null follows the workspace') }),
    workspace: z.object({ id: Id, name: z.string(), slug: z.string(), timeZone: z.string() }),
    role: Role,
    timeZone: z.string().describe('The effective IANA time zone for absolute dates: the user\'s own, else the workspace\'s'),
    permissions: z.array(z.string()),
    csrfToken: z.string().nullable().describe('Send as the x-csrf-token header on mutating cookie requests'),
  })
  .meta({ id: 'SessionInfo' });
export type SessionInfo = z.infer<typeof SessionInfo>;

export const ChangePasswordBody = z
  .object({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().min(10).max(1024) })
  .strict();

export const CreateTokenBody = z.object({ name: z.string().min(1).max(100) }).strict();
export const ApiTokenDto = z
  .object({ id: Id, name: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable() })
  .meta({ id: 'ApiToken' });
export const CreatedToken = ApiTokenDto.extend({ token: z.string().describe('Shown once; store it now') });
