/** Starts a real Rapport (Fastify + database + optional worker) on a private test database. */
import { randomBytes } from 'node:crypto';
import type { Database } from '../../packages/db/src/database.ts';
import { loadConfig, type Config, type LoadConfigOptions } from '../../apps/server/src/config.ts';
import { startRapport, type Role, type RunningRapport } from '../../apps/server/src/main.ts';
import type { Clock } from '../../apps/server/src/platform/clock.ts';
import { createLogger } from '../../apps/server/src/platform/logger.ts';
import { createTestDatabase } from './database.ts';
import { createMemoryStorage } from '../../packages/storage/src/memory-storage.ts';

export interface TestRapport extends RunningRapport {
  database: Database;
  config: Config;
  baseUrl: string;
  stop(): Promise<void>;
}

export function testConfig(overrides: LoadConfigOptions['overrides'] = {}): Config {
  return loadConfig({
    env: {},
    configFile: false,
    // Email listeners bind only when a test asks (smtpEnabled: true with smtpPort: 0 picks a free port).
    // Replies are emailed at once unless a test asks for an undo-send window.
    // Webhook tests' shops listen on loopback, so private targets are allowed; the guard's own tests
    // (webhooks.int.test.ts, webhook-address.test.ts) turn it back off.
    overrides: {
      port: 0,
      logLevel: 'silent',
      seedDemo: false,
      webDistDir: '/nonexistent',
      smtpEnabled: false,
      smtpPort: 0,
      emailAuthentication: false,
      undoSendSeconds: 0,
      webhookAllowPrivateNetworks: true,
      ...overrides,
    },
  });
}

export async function startTestRapport(
  options: { role?: Role; listen?: boolean; clock?: Clock; database?: Database; config?: Config; streamRecheckMs?: number } = {},
): Promise<TestRapport> {
  const database = options.database ?? (await createTestDatabase());
  const config = options.config ?? testConfig();
  const running = await startRapport(config, {
    role: options.role ?? 'web',
    opened: { database, lock: null },
    logger: createLogger({ level: 'silent' }),
    storage: createMemoryStorage(),
    listen: options.listen ?? false,
    ...(options.streamRecheckMs ? { streamRecheckMs: options.streamRecheckMs } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return {
    ...running,
    database,
    config,
    baseUrl: running.url ?? 'http://localhost',
    async stop() {
      await running.close();
      if (!options.database) await database.close();
    },
  };
}

export function uniqueSlug(prefix = 'ws'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}
