/**
 * Composition root: config -> database -> drivers -> modules -> listen. The only place that picks
 * implementations (PGlite or PostgreSQL, in-process or cross-process realtime).
 */
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Database } from '@rapport/db/database';
import { acquireDataDirLock, type DataDirLock } from '@rapport/db/data-dir-lock';
import { createDiskStorage } from '@rapport/storage/disk-storage';
import type { Storage } from '@rapport/storage/storage';
import { createPostgresDatabase } from '@rapport/db/postgres-database';
import type { Config } from './config.ts';
import type { AppDeps } from './platform/app-deps.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import { registerHealth } from './platform/health.ts';
import { buildHttpServer } from './platform/http-server.ts';
import { startJobQueue, type JobQueue } from './platform/jobs.ts';
import { createLogger, type Logger } from './platform/logger.ts';
import { openMailJournal } from './platform/mail-journal.ts';
import { openEmbeddedDatabase, pgliteClientOf, startSnapshots, type SnapshotScheduler } from './platform/snapshots.ts';
import { startOutboxDispatcher, type OutboxDispatcher } from './platform/outbox-dispatcher.ts';
import { createDatabaseRealtimeBus, type RealtimeBus } from './platform/realtime-bus.ts';
import { registerStream } from './platform/stream.ts';
import { createAuthenticator } from './modules/auth/authenticator.ts';
import { pruneExpired } from './modules/maintenance/prune-expired.ts';
import { replayAfterRestore } from './modules/email/replay-journal.ts';
import { allBackgroundServices, type RunningService } from './background-services.ts';
import { allListeners } from './listeners.ts';
import { allRoutes } from './routes.ts';

export type Role = 'web' | 'worker' | 'all';

export function mailJournalPath(config: Config): string {
  return resolve(config.dataDir, 'mail-journal.ndjson');
}

export const defaultWebDistDir = fileURLToPath(new URL('../../web/dist', import.meta.url));

export interface OpenedDatabase {
  database: Database;
  lock: DataDirLock | null;
}

/** Opens (and for PGlite, locks) the configured database. Fails fast if another process holds it. */
export async function openDatabase(config: Config, command: string, logger?: Logger): Promise<OpenedDatabase> {
  if (config.databaseUrl) {
    const database = await createPostgresDatabase({
      connectionString: config.databaseUrl,
      poolSize: config.databasePoolSize,
      onListenError: (error) => logger?.warn({ err: error }, 'database listen connection error'),
    });
    return { database, lock: null };
  }
  const dataDir = resolve(config.dataDir);
  const lock = acquireDataDirLock(dataDir, command);
  if (lock.tookOverStaleLock) {
    logger?.warn({ previousPid: lock.tookOverStaleLock.pid }, 'took over a stale data-directory lock left by a process that is gone');
  }
  try {
    // Restores the newest snapshot when the directory will not open (platform/snapshots.ts).
    const database = await openEmbeddedDatabase(dataDir, logger);
    return { database, lock };
  } catch (error) {
    lock.release();
    throw error;
  }
}

export interface StartOptions {
  role: Role;
  clock?: Clock;
  logger?: Logger;
  /** Tests pass an already-open database; otherwise the config decides. */
  opened?: OpenedDatabase;
  /** Tests pass an in-memory storage; otherwise files go to filesDir (default <dataDir>/files). */
  storage?: Storage;
  listen?: boolean;
  /** Tests shorten how often open WebSocket streams re-check their session. */
  streamRecheckMs?: number;
}

export interface RunningRapport {
  deps: AppDeps;
  app: FastifyInstance | null;
  url: string | null;
  dispatcher: OutboxDispatcher | null;
  /** Started background services by name (smtp-listener, inbound-processor, …). */
  services: Map<string, RunningService>;
  close(): Promise<void>;
}

/** What use cases get, built the same way for the server and the CLI's one-off commands. */
export function createAppDeps(config: Config, database: Database, options: { logger: Logger; clock?: Clock | undefined; storage?: Storage | undefined }): AppDeps {
  const storage = options.storage ?? createDiskStorage(resolve(config.filesDir ?? join(config.dataDir, 'files')));
  // PGlite never fsyncs: embedded mode keeps an fsynced journal of received raw mail (see mail-journal.ts).
  const mailJournal = config.isEmbedded && !options.storage ? openMailJournal(mailJournalPath(config)) : null;
  return { config, database, db: database.db, clock: options.clock ?? systemClock, logger: options.logger, storage, mailJournal };
}

export async function startRapport(config: Config, options: StartOptions): Promise<RunningRapport> {
  const logger = options.logger ?? createLogger({ level: config.logLevel, secrets: config.secrets });
  const opened = options.opened ?? (await openDatabase(config, `rapport serve --role ${options.role}`, logger));
  const { database } = opened;
  const deps = createAppDeps(config, database, { logger, clock: options.clock, storage: options.storage });
  let isShuttingDown = false;
  let app: FastifyInstance | null = null;
  let bus: RealtimeBus | null = null;
  let queue: JobQueue | null = null;
  let dispatcher: OutboxDispatcher | null = null;
  let url: string | null = null;
  const services = new Map<string, RunningService>();
  let snapshots: SnapshotScheduler | null = null;

  const close = async () => {
    isShuttingDown = true;
    for (const [name, service] of [...services].reverse()) {
      await service.stop().catch((error: unknown) => logger.error({ err: error, service: name }, 'service did not stop cleanly'));
    }
    services.clear();
    await app?.close();
    await bus?.close();
    await dispatcher?.stop();
    await queue?.stop();
    await snapshots?.stop();
    await deps.mailJournal?.close();
    if (!options.opened) {
      await database.close();
      opened.lock?.release();
    }
  };

  try {
    await database.migrate();
    const pglite = deps.mailJournal ? pgliteClientOf(database) : null;
    if (pglite) {
      // Embedded durability: replay mail newer than a restored snapshot, then snapshot on a timer.
      await replayAfterRestore(deps, resolve(config.dataDir), mailJournalPath(config));
      snapshots = startSnapshots({
        client: pglite,
        dataDir: resolve(config.dataDir),
        journalPath: mailJournalPath(config),
        journal: deps.mailJournal,
        intervalMinutes: config.snapshotIntervalMinutes,
        keep: config.snapshotKeep,
        logger,
      });
    }
    if (options.role === 'web' || options.role === 'all') {
      bus = await createDatabaseRealtimeBus(database, logger);
      const realtime = bus;
      const authenticator = createAuthenticator(deps);
      app = await buildHttpServer({
        logger,
        bodyLimitBytes: config.bodyLimitBytes,
        trustProxy: config.trustProxy,
        routes: allRoutes(deps),
        authenticator,
        idempotency: { db: deps.db, now: () => deps.clock.now() },
        webDistDir: config.webDistDir ?? defaultWebDistDir,
        extend: (instance) => {
          registerStream(instance, realtime, authenticator, config.publicUrl ? [new URL(config.publicUrl).origin] : [], options.streamRecheckMs);
          registerHealth(instance, database, () => isShuttingDown);
        },
      });
      if (options.listen !== false) {
        url = await app.listen({ port: config.port, host: config.host });
      } else {
        await app.ready();
      }
    }
    if (options.role === 'worker' || options.role === 'all') {
      queue = await startJobQueue(database, logger, config.databaseUrl);
      dispatcher = await startOutboxDispatcher(database, queue, allListeners(deps), logger);
      await queue.schedule('maintenance.prune-expired', '*/15 * * * *', () => pruneExpired(deps));
    }
    for (const service of allBackgroundServices()) {
      if (options.role === 'all' || service.roles.includes(options.role)) services.set(service.name, await service.start(deps));
    }
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  return { deps, app, url, dispatcher, services, close };
}
