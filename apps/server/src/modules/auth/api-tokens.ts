import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/events.ts';
import { insertToken, listTokens, revokeToken } from './auth.queries.ts';
import { apiTokenPrefix } from './authenticator.ts';
import { newSecret, sha256Hex } from './secrets.ts';

function requireUser(actor: Actor): string {
  if (!actor.userId) throw new AppError('FORBIDDEN', { message: 'API tokens belong to a person.' });
  return actor.userId;
}

function toDto(row: { id: string; name: string; createdAt: Date; lastUsedAt: Date | null }) {
  return { id: row.id, name: row.name, createdAt: row.createdAt.toISOString(), lastUsedAt: row.lastUsedAt?.toISOString() ?? null };
}

/** Creates a token for the actor in their workspace; the secret is returned once and only its hash is kept. */
export async function createApiToken(deps: AppDeps, actor: Actor, input: { name: string }) {
  const userId = requireUser(actor);
  const token = newSecret(apiTokenPrefix);
  const row = await deps.db.transaction(async (tx) => {
    const created = await insertToken(tx, { workspaceId: actor.workspaceId, userId, name: input.name, tokenHash: sha256Hex(token), now: deps.clock.now() });
    await recordAudit(tx, actor, { action: 'api_token.created', subjectType: 'api_token', subjectId: created.id, data: { name: input.name } });
    return created;
  });
  return { ...toDto(row), token };
}

export async function listApiTokens(deps: AppDeps, actor: Actor) {
  const rows = await listTokens(deps.db, actor.workspaceId, requireUser(actor));
  return rows.map(toDto);
}

export async function revokeApiToken(deps: AppDeps, actor: Actor, tokenId: string): Promise<void> {
  const isRevoked = await revokeToken(deps.db, actor.workspaceId, requireUser(actor), tokenId, deps.clock.now());
  if (!isRevoked) throw new AppError('TOKEN_NOT_FOUND', { message: 'No active API token with that id.' });
}
