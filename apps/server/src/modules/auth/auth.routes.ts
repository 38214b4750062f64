import { z } from 'zod';
import { ApiTokenDto, ChangePasswordBody, CreateTokenBody, CreatedToken, LoginBody, SessionInfo } from '@rapport/contracts/auth';
import { IdParams, Ok } from '@rapport/contracts/common';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { defineRoute, type AnyRoute } from '../../platform/route.ts';
import { sessionCookieName } from './authenticator.ts';
import { changePassword } from './change-password.ts';
import { createApiToken, listApiTokens, revokeApiToken } from './api-tokens.ts';
import { deleteSession, findActiveMemberships } from './auth.queries.ts';
import { sessionInfo, signIn } from './sign-in.ts';

export function authRoutes(deps: AppDeps): AnyRoute[] {
  const secureCookie = deps.config.cookieSecure ?? deps.config.publicUrl?.startsWith('https://') ?? false;
  return [
    defineRoute({
      id: 'auth.login',
      method: 'POST',
      url: '/api/v1/auth/login',
      permission: 'public',
      tag: 'auth',
      summary: 'Sign in with email and password; sets the session cookie',
      body: LoginBody,
      response: SessionInfo,
      successStatus: 200,
      handler: async ({ body, request, reply }) => {
        const result = await signIn(deps, { ...body, ip: request.ip });
        reply.setCookie(sessionCookieName, result.sessionToken, {
          httpOnly: true,
          sameSite: 'lax',
          secure: secureCookie,
          path: '/',
          expires: result.expiresAt,
        });
        return result.session;
      },
    }),
    defineRoute({
      id: 'auth.logout',
      method: 'POST',
      url: '/api/v1/auth/logout',
      permission: 'authenticated',
      tag: 'auth',
      summary: 'Sign out this session',
      response: Ok,
      successStatus: 200,
      handler: async ({ request, reply }) => {
        const tokenHash = request.authentication?.sessionTokenHash;
        if (tokenHash) await deleteSession(deps.db, tokenHash);
        reply.clearCookie(sessionCookieName, { path: '/' });
        return { ok: true as const };
      },
    }),
    defineRoute({
      id: 'auth.session',
      method: 'GET',
      url: '/api/v1/auth/session',
      permission: 'authenticated',
      tag: 'auth',
      summary: 'Who am I: user, workspace, role, permissions and the CSRF token',
      response: SessionInfo,
      handler: async ({ actor, request }) => {
        const members = actor.userId ? await findActiveMemberships(deps.db, actor.userId) : [];
        const member = members.find((row) => row.workspaceId === actor.workspaceId);
        if (!member) throw new AppError('UNAUTHENTICATED', { message: 'Your membership of this workspace has ended.' });
        return sessionInfo(member, request.authentication?.csrfToken ?? null);
      },
    }),
    defineRoute({
      id: 'auth.password',
      method: 'POST',
      url: '/api/v1/auth/password',
      permission: 'authenticated',
      tag: 'auth',
      summary: 'Change your password; signs out your other sessions',
      body: ChangePasswordBody,
      response: Ok,
      successStatus: 200,
      handler: async ({ actor, body, request }) => {
        await changePassword(deps, actor, { ...body, keepSessionTokenHash: request.authentication?.sessionTokenHash ?? null });
        return { ok: true as const };
      },
    }),
    defineRoute({
      id: 'tokens.list',
      method: 'GET',
      url: '/api/v1/tokens',
      permission: 'authenticated',
      tag: 'auth',
      summary: 'Your API tokens in this workspace',
      response: z.object({ items: z.array(ApiTokenDto) }),
      handler: async ({ actor }) => ({ items: await listApiTokens(deps, actor) }),
    }),
    defineRoute({
      id: 'tokens.create',
      method: 'POST',
      url: '/api/v1/tokens',
      permission: 'authenticated',
      tag: 'auth',
      summary: 'Create an API token (the secret is shown once)',
      body: CreateTokenBody,
      response: CreatedToken,
      isIdempotent: true,
      handler: async ({ actor, body }) => createApiToken(deps, actor, body),
    }),
    defineRoute({
      id: 'tokens.revoke',
      method: 'DELETE',
      url: '/api/v1/tokens/:id',
      permission: 'authenticated',
      tag: 'auth',
      summary: 'Revoke one of your API tokens',
      params: IdParams,
      response: Ok,
      handler: async ({ actor, params }) => {
        await revokeApiToken(deps, actor, params.id);
        return { ok: true as const };
      },
    }),
  ];
}
