/**
 * What the email benchmarks and the chaos run share: a fresh database (PostgreSQL database or
 * PGlite data directory), a workspace with an inbound address and an agent token, the real server
 * as a child process (`rapport serve --role all` / `rapport start`), and generated mail.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadConfig } from '../../apps/server/src/config.ts';
import { createAppDeps, openDatabase } from '../../apps/server/src/main.ts';
import { createLogger } from '../../apps/server/src/platform/logger.ts';
import type { Actor } from '../../apps/server/src/platform/actor.ts';
import { createApiToken } from '../../apps/server/src/modules/auth/api-tokens.ts';
import { addMember, provisionWorkspace } from '../../apps/server/src/modules/workspaces/provision-workspace.ts';
import { createMemoryStorage } from '../../packages/storage/src/memory-storage.ts';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(repoRoot, 'apps/cli/bin/rapport.mjs');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Creates (dropping any leftover) a PostgreSQL database next to `adminUrl`; returns its URL. */
export async function createFreshPostgres(adminUrl: string, name: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

export interface Target {
  /** PostgreSQL URL, or null for embedded PGlite in `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
}

export interface PreparedWorkspace {
  workspaceId: string;
  slug: string;
  address: string;
  agentToken: string;
}

/** Migrates and provisions one workspace with an inbound address and an agent's API token. */
export async function prepareWorkspace(target: Target, slug = 'bench'): Promise<PreparedWorkspace> {
  const config = loadConfig({
    env: {},
    configFile: false,
    overrides: { ...(target.databaseUrl ? { databaseUrl: target.databaseUrl } : {}), dataDir: target.dataDir, logLevel: 'silent', seedDemo: false },
  });
  const opened = await openDatabase(config, 'bench setup');
  try {
    await opened.database.migrate();
    const deps = createAppDeps(config, opened.database, { logger: createLogger({ level: 'silent' }), storage: createMemoryStorage() });
    const now = new Date();
    const workspace = await provisionWorkspace(deps.db, { slug, name: `Bench ${slug}`, now });
    const { user } = await addMember(deps.db, { workspaceId: workspace.id, email: `agent@${slug}.bench.test`, name: 'Bench Agent', password: 'correct horse battery staple', role: 'agent', now });
    const actor: Actor = { workspaceId: workspace.id, userId: user.id, role: 'agent', via: 'token' };
    const { token } = await createApiToken(deps, actor, { name: 'bench' });
    const address = `support@${slug}.bench.test`;
    await opened.database.query('insert into email_addresses (workspace_id, address, display_name, is_default) values ($1, $2, $3, true)', [
      workspace.id,
      address,
      `Bench ${slug} support`,
    ]);
    return { workspaceId: workspace.id, slug, address, agentToken: token };
  } finally {
    await opened.database.close();
    opened.lock?.release();
  }
}

export interface ServerProcess {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

export interface ServerOptions extends Target {
  httpPort: number;
  smtpPort: number;
  relayPort?: number;
  filesDir: string;
  extraEnv?: Record<string, string>;
  /** Extra node flags for the server process (e.g. --cpu-prof). */
  nodeArgs?: string[];
  /** PostgreSQL only: `serve --role <role>` (default all: one process does everything). */
  role?: 'all' | 'web' | 'worker';
}

/** The real server as a child process; `rapport start` for PGlite, `serve --role all|web|worker` for PostgreSQL. */
export function spawnServer(options: ServerOptions): ServerProcess {
  mkdirSync(options.dataDir, { recursive: true });
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? '',
    PORT: String(options.httpPort),
    HOST: '127.0.0.1',
    RAPPORT_DATA_DIR: options.dataDir,
    RAPPORT_FILES_DIR: options.filesDir,
    RAPPORT_SEED_DEMO: 'false',
    RAPPORT_WEB_DIST: join(options.dataDir, 'no-web'),
    LOG_LEVEL: 'warn',
    RAPPORT_SMTP_ENABLED: 'true',
    RAPPORT_SMTP_HOST: '127.0.0.1',
    RAPPORT_SMTP_PORT: String(options.smtpPort),
    RAPPORT_SMTP_MAX_CONNECTIONS_PER_CLIENT: '1000',
    RAPPORT_SMTP_MAX_MESSAGES_PER_CLIENT_PER_MINUTE: '10000000',
    RAPPORT_EMAIL_AUTHENTICATION: 'false',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...(options.relayPort ? { RAPPORT_SMTP_RELAY_URL: `smtp://127.0.0.1:${options.relayPort}` } : {}),
    ...options.extraEnv,
  };
  const args = options.databaseUrl ? ['serve', '--role', options.role ?? 'all'] : ['start'];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), bin, ...args], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, exited, output: () => output };
}

function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.setTimeout(1_000, () => done(false));
  });
}

/** Waits until HTTP /readyz answers and the SMTP port accepts connections. */
export async function waitServerReady(server: ServerProcess, options: { httpPort: number; smtpPort: number; timeoutMs?: number }): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) throw new Error(`server exited during start:\n${server.output().slice(-4000)}`);
    const ready = await fetch(`http://127.0.0.1:${options.httpPort}/readyz`).then((response) => response.ok).catch(() => false);
    if (ready && (await portAccepts(options.smtpPort))) return;
    await sleep(100);
  }
  throw new Error(`server not ready within the time limit:\n${server.output().slice(-4000)}`);
}

const words = (
  'order delivery parcel refund invoice account password login shipping tracking warehouse courier damaged missing ' +
  'replacement subscription renewal discount coupon payment card declined address postcode weekend delay update status ' +
  'support question thanks please help urgent soon yesterday today tomorrow customer service team'
).split(' ');

/** Deterministic PRNG (mulberry32). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedMail {
  messageId: string;
  inReplyTo: string | null;
  from: string;
  subject: string;
  /** A word found only in this message, to search for. */
  marker: string;
  text: string;
}

/** Generated customer mail; `replyShare` of them answer an earlier message (In-Reply-To/References). */
export function generateMail(count: number, options: { seed: number; replyShare: number; domain: string; runId: string }): GeneratedMail[] {
  const random = createRandom(options.seed);
  const pick = () => words[Math.floor(random() * words.length)]!;
  const result: GeneratedMail[] = [];
  for (let index = 0; index < count; index += 1) {
    const marker = `zq${options.runId}x${index.toString(36)}`;
    // A reply answers a message sent a while before (up to 500 earlier), as a customer would.
    const window = index - Math.min(500, Math.floor(index / 2));
    const isReply = window > 5 && random() < options.replyShare;
    const parent = isReply ? result[Math.floor(random() * window)]! : null;
    const customer = parent ? parent.from : `customer${index}@${options.domain}`;
    const subject = parent ? (parent.subject.startsWith('Re: ') ? parent.subject : `Re: ${parent.subject}`) : `My ${pick()} ${pick()} ${index}`;
    const length = 80 + Math.floor(random() * 120);
    const body: string[] = [];
    for (let word = 0; word < length; word += 1) body.push(pick());
    body.splice(Math.floor(random() * body.length), 0, marker);
    result.push({ messageId: `bench-${options.runId}-${index}@${options.domain}`, inReplyTo: parent?.messageId ?? null, from: customer, subject, marker, text: `${body.join(' ')}.` });
  }
  return result;
}
