import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../platform/app-deps.ts';
import type { Authentication, Authenticator } from '../../platform/http-server.ts';
import { findSessionMember, findTokenMember, touchToken } from './auth.queries.ts';
import { sha256Hex } from './secrets.ts';

export const sessionCookieName = 'rapport_session';
export const apiTokenPrefix = 'rpt_';

/** Resolves a Bearer API token or the session cookie into an actor. */
export function createAuthenticator(deps: AppDeps): Authenticator {
  return {
    async authenticate(request: FastifyRequest): Promise<Authentication | null> {
      const header = request.headers.authorization;
      if (typeof header === 'string' && header.toLowerCase().startsWith('bearer ')) {
        const token = header.slice(7).trim();
        if (!token.startsWith(apiTokenPrefix)) return null;
        const member = await findTokenMember(deps.db, sha256Hex(token));
        if (!member) return null;
        const now = deps.clock.now();
        // Record use at most once a minute: a busy script must not write on every request.
        if (!member.lastUsedAt || now.getTime() - member.lastUsedAt.getTime() > 60_000) await touchToken(deps.db, member.tokenId, now);
        return {
          actor: { workspaceId: member.workspaceId, userId: member.userId, role: member.role, via: 'token' },
          csrfToken: null,
          sessionTokenHash: null,
        };
      }
      const cookie = request.cookies[sessionCookieName];
      if (!cookie) return null;
      const tokenHash = sha256Hex(cookie);
      const member = await findSessionMember(deps.db, tokenHash, deps.clock.now());
      if (!member) return null;
      return {
        actor: { workspaceId: member.workspaceId, userId: member.userId, role: member.role, via: 'session' },
        csrfToken: member.csrfToken,
        sessionTokenHash: tokenHash,
      };
    },
  };
}
