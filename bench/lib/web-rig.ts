/**
 * What the agent-app benchmarks (issue 6) share: a database (a PostgreSQL database of their own
 * or a PGlite directory), the real server in-process serving the built web app, a workspace with
 * agents who can sign in, and headless Chromium signed in as one of them.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createPgliteDatabase } from '@rapport/db/pglite-database';
import { createPostgresDatabase } from '@rapport/db/postgres-database';
import { ensureWebBuilt } from '../../apps/cli/src/web-build.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import { defaultWebDistDir, startRapport, type RunningRapport } from '../../apps/server/src/main.ts';
import { createLogger } from '../../apps/server/src/platform/logger.ts';
import type { BenchDatabase } from './bulk-load.ts';

export const defaultAdminUrl = 'postgres://postgres@127.0.0.1:5432/postgres';
export const benchPassword = 'bench-password-1234';

export const loadAverage = () => loadavg()[0] ?? 0;

export interface OpenedBenchDatabase {
  database: BenchDatabase;
  databaseUrl: string | null;
  /** True when an existing database (kept by an earlier run) was opened instead of a fresh one. */
  isReused: boolean;
  cleanup(): Promise<void>;
}

/**
 * PostgreSQL: a database named `name` beside `adminUrl`, created fresh unless `reuse` is set and it
 * exists. PGlite: a temporary directory, or `dataDir` (kept, reusable) when given.
 */
export async function openBenchDatabase(options: {
  engine: 'postgres' | 'pglite';
  name: string;
  adminUrl?: string;
  reuse?: boolean;
  keep?: boolean;
  dataDir?: string;
}): Promise<OpenedBenchDatabase> {
  if (options.engine === 'pglite') {
    const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), `rapport-${options.name}-`));
    const isReused = Boolean(options.reuse && options.dataDir && existsSync(join(dataDir, 'PG_VERSION')));
    if (options.dataDir && !isReused) {
      rmSync(dataDir, { recursive: true, force: true });
      mkdirSync(dataDir, { recursive: true });
    }
    // Object.assign narrows `kind` for the type checker; the value is already 'pglite'.
    const database = Object.assign(await createPgliteDatabase({ dataDir }), { kind: 'pglite' as const });
    return {
      database,
      databaseUrl: null,
      isReused,
      async cleanup() {
        await database.close();
        if (!options.keep && !options.dataDir) rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  if (!/^[a-z_][a-z0-9_]*$/.test(options.name)) throw new Error(`bad database name ${options.name}`);
  const adminUrl = options.adminUrl ?? defaultAdminUrl;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [options.name])).rowCount === 1;
  const isReused = Boolean(options.reuse && exists);
  if (!isReused) {
    await admin.query(`drop database if exists ${options.name} with (force)`);
    await admin.query(`create database ${options.name}`);
  }
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${options.name}`;
  const database = Object.assign(await createPostgresDatabase({ connectionString: url.toString(), poolSize: 10 }), { kind: 'postgres' as const });
  return {
    database,
    databaseUrl: url.toString(),
    isReused,
    async cleanup() {
      await database.close();
      if (options.keep) return;
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${options.name} with (force)`);
      await dropper.end();
    },
  };
}

/** The real server in-process (web + worker + optional SMTP listener), serving apps/web/dist. */
export async function startBenchServer(opened: OpenedBenchDatabase, options: { smtp?: boolean } = {}): Promise<RunningRapport & { baseUrl: string }> {
  // The same build step `npm start` and the e2e tests use (rebuilds only when sources changed).
  ensureWebBuilt((line) => console.log(line));
  const config = loadConfig({
    env: {},
    configFile: false,
    overrides: {
      port: 0,
      logLevel: 'silent',
      seedDemo: false,
      webDistDir: defaultWebDistDir,
      smtpEnabled: Boolean(options.smtp),
      smtpPort: 0,
      emailAuthentication: false,
      ...(opened.databaseUrl ? { databaseUrl: opened.databaseUrl } : {}),
    },
  });
  const running = await startRapport(config, {
    role: 'all',
    opened: { database: opened.database, lock: null },
    logger: createLogger({ level: 'silent' }),
    listen: true,
  });
  if (!running.url) throw new Error('the server did not report its URL');
  return { ...running, baseUrl: running.url };
}

export async function launchBenchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A fresh browser context signed in through the real sign-in screen, at `path`. */
export async function signedInPage(browser: Browser, baseUrl: string, email: string, path = '/'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // tsx compiles the functions benches pass to page.evaluate with esbuild's keepNames, which calls
  // a `__name` helper that exists only in Node; give the page a no-op one.
  await context.addInitScript({ content: 'globalThis.__name = (target) => target;' });
  const page = await context.newPage();
  await page.goto(`${baseUrl}${path}`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(benchPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The sign-in screen has a heading too: wait for the form to go.
  await page.getByLabel('Password').waitFor({ state: 'detached', timeout: 30_000 });
  return { context, page };
}

/** A compact line of figures: count, p50, p95, p99, max. */
export function describeLatencies(samples: readonly number[]): { p50: number; p95: number; p99: number; max: number; count: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))] ?? Number.NaN;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1] ?? Number.NaN, count: sorted.length };
}
