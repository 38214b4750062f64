import { lt } from 'drizzle-orm';
import { sessions } from '@rapport/db/schema';
import type { AppDeps } from '../../platform/app-deps.ts';
import { pruneIdempotencyKeys } from '../../platform/idempotency.ts';
import { pruneFailures } from '../auth/auth.queries.ts';

/** Scheduled job: forgets expired sessions, old sign-in failures and idempotency keys. */
export async function pruneExpired(deps: AppDeps): Promise<void> {
  const now = deps.clock.now();
  await deps.db.delete(sessions).where(lt(sessions.expiresAt, now));
  await pruneFailures(deps.db, new Date(now.getTime() - 86_400_000));
  await pruneIdempotencyKeys(deps.db, new Date(now.getTime() - 86_400_000));
  await deps.database.query(`delete from outbox where dispatched_at < now() - interval '7 days'`);
}
