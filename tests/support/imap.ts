/**
 * Shared IMAP test helpers: a bounded wait, and the AppDeps the poller needs (no HTTP server).
 */
import type { AppDeps } from '../../apps/server/src/platform/app-deps.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import { systemClock } from '../../apps/server/src/platform/clock.ts';
import { createLogger } from '../../apps/server/src/platform/logger.ts';
import type { Database } from '../../packages/db/src/database.ts';
import { createMemoryStorage } from '../../packages/storage/src/memory-storage.ts';

/** Polls `probe` until `isDone`, failing after `timeoutMs` with the last value seen. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T> | T,
  isDone: (value: T) => boolean,
  timeoutMs = 20_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (isDone(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** The poller's dependencies over a test database: silent logger, memory storage, no journal. */
export function pollerDeps(database: Database): AppDeps {
  const config = loadConfig({ env: {}, configFile: false, overrides: { logLevel: 'silent', seedDemo: false } });
  return { config, database, db: database.db, clock: systemClock, logger: createLogger({ level: 'silent' }), storage: createMemoryStorage(), mailJournal: null };
}
