import { lt } from 'drizzle-orm';
import { sessions } from '@rapport/db/schema';
import type { AppDeps } from '../../platform/app-deps.ts';
import { pruneFailures } from './auth.queries.ts';

/** Forgets expired sessions and sign-in failures older than a day (the throttle window is minutes). */
export async function pruneAuthRecords(deps: AppDeps): Promise<void> {
  const now = deps.clock.now();
  await deps.db.delete(sessions).where(lt(sessions.expiresAt, now));
  await pruneFailures(deps.db, new Date(now.getTime() - 86_400_000));
}
