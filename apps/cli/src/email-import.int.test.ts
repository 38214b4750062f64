/**
 * `rapport email import`: an mbox (with a ">From " escaped body line and a message without
 * Message-ID) and a folder of .eml files are received into a workspace; a second run imports
 * nothing new. Once through `importEmails` with the test database, once through the real command
 * (`node apps/cli/bin/rapport.mjs email import …`) on a fresh embedded data directory (int-pglite)
 * or a fresh PostgreSQL database via DATABASE_URL (int-postgres); on the embedded one the command
 * is refused with a clear message while another process holds the data directory.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config.ts';
import type { AppDeps } from '../../server/src/platform/app-deps.ts';
import { systemClock } from '../../server/src/platform/clock.ts';
import { createLogger } from '../../server/src/platform/logger.ts';
import { provisionWorkspace } from '../../server/src/modules/workspaces/provision-workspace.ts';
import { acquireDataDirLock } from '../../../packages/db/src/data-dir-lock.ts';
import type { Database } from '../../../packages/db/src/database.ts';
import { createPostgresDatabase } from '../../../packages/db/src/postgres-database.ts';
import { createMemoryStorage } from '../../../packages/storage/src/memory-storage.ts';
import { createTestDatabase, testDatabaseKind } from '../../../tests/support/database.ts';
import { childProcessBaseEnv, testDatabaseUrl } from '../../../tests/support/test-env.ts';
import { importEmails } from './email-import.ts';

const bin = fileURLToPath(new URL('../bin/rapport.mjs', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'rapport-import-'));

function eml(headers: string[], body: string[]): string {
  return [...headers, '', ...body, ''].join('\r\n');
}

const run = randomBytes(4).toString('hex');
const inMbox = [
  eml(['From: Alice <alice@example.test>', 'To: support@shop.test', 'Subject: Broken lamp', `Message-ID: <lamp-${run}@example.test>`], ['The lamp arrived broken.']),
  eml(
    ['From: Bob <bob@example.test>', 'To: support@shop.test', 'Subject: Quote', `Message-ID: <quote-${run}@example.test>`],
    // In the mbox file this body line is escaped as ">From the first day…".
    ['My lamp never worked.', 'From the first day it flickered.', 'Regards'],
  ),
  // No Message-ID: deduplicated by the hash of its bytes.
  eml(['From: Carol <carol@example.test>', 'To: support@shop.test', 'Subject: No id here'], [`Sent without a Message-ID (${run}).`]),
  eml(['From: Dan <dan@example.test>', 'To: support@shop.test', 'Subject: Refund', `Message-ID: <refund-${run}@example.test>`], ['Where is my refund?']),
];

function mboxOf(messages: string[]): string {
  // mboxrd: a body line starting with "From " (or ">From ") gets one more ">".
  return messages
    .map((message) => `From sender@example.test Mon Mar  2 10:00:00 2026\n${message.replace(/\r\n/g, '\n').replace(/^(>*From )/gm, '>$1')}\n`)
    .join('');
}

const mboxPath = join(work, 'archive.mbox');
const folder = join(work, 'eml');

beforeAll(() => {
  writeFileSync(mboxPath, mboxOf(inMbox));
  mkdirSync(folder);
  writeFileSync(join(folder, '01-first.eml'), eml(['From: Erin <erin@example.test>', 'Subject: Size', `Message-ID: <size-${run}@example.test>`], ['Which size?']));
  writeFileSync(join(folder, '02-second.eml'), eml(['From: Finn <finn@example.test>', 'Subject: Colour'], [`No id either (${run}).`]));
  // The same Message-ID as a message of the mbox: already present.
  writeFileSync(join(folder, '03-again.EML'), inMbox[3]!);
  writeFileSync(join(folder, 'notes.txt'), 'not a message');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('importEmails', () => {
  let database: Database;
  let deps: AppDeps;
  beforeAll(async () => {
    database = await createTestDatabase();
    const config = loadConfig({ env: {}, configFile: false, overrides: { logLevel: 'silent', seedDemo: false } });
    deps = { config, database, db: database.db, clock: systemClock, logger: createLogger({ level: 'silent' }), storage: createMemoryStorage(), mailJournal: null };
  });
  afterAll(async () => {
    await database?.close();
  });

  it('receives an mbox and a folder of .eml files, and a second run imports nothing new', async () => {
    const workspace = await provisionWorkspace(deps.db, { slug: `imp-${run}`, name: 'Import shop', now: new Date() });
    const progress: number[] = [];
    const first = await importEmails(deps, { path: mboxPath, workspaceId: workspace.id }, (step) => progress.push(step.done));
    expect(first).toEqual({ imported: 4, alreadyPresent: 0, failed: [] });
    expect(progress).toEqual([1, 2, 3, 4]);
    const fromFolder = await importEmails(deps, { path: folder, workspaceId: workspace.id });
    expect(fromFolder).toEqual({ imported: 2, alreadyPresent: 1, failed: [] });

    expect(await importEmails(deps, { path: mboxPath, workspaceId: workspace.id })).toEqual({ imported: 0, alreadyPresent: 4, failed: [] });
    expect(await importEmails(deps, { path: folder, workspaceId: workspace.id })).toEqual({ imported: 0, alreadyPresent: 3, failed: [] });

    const rows = await database.query<{ source: string; dedupe_key: string; raw_key: string }>(
      'select source, dedupe_key, raw_key from inbound_emails where workspace_id = $1',
      [workspace.id],
    );
    expect(rows).toHaveLength(6);
    expect(rows.every((row) => row.source === 'import')).toBe(true);
    expect(rows.filter((row) => row.dedupe_key.startsWith('sha256:'))).toHaveLength(2);
    // The escaped body line is stored as the sender wrote it, without the mbox escape.
    const quote = rows.find((row) => row.dedupe_key === `mid:quote-${run}@example.test`);
    const raw = Buffer.from((await deps.storage.get(quote!.raw_key))!).toString();
    expect(raw).toContain('\nFrom the first day it flickered.');
    expect(raw).not.toContain('>From the first day');
    expect(raw.startsWith('From: Bob')).toBe(true);
  });

  it('refuses a path that is neither an mbox nor a folder with .eml files', async () => {
    const workspace = await provisionWorkspace(deps.db, { slug: `imp-none-${run}`, name: 'Import shop', now: new Date() });
    await expect(importEmails(deps, { path: join(work, 'missing.mbox'), workspaceId: workspace.id })).rejects.toThrow(/No such file/);
    const empty = join(work, 'empty');
    mkdirSync(empty, { recursive: true });
    await expect(importEmails(deps, { path: empty, workspaceId: workspace.id })).rejects.toThrow(/No \.eml files/);
  });
});

describe('rapport email import (the command)', () => {
  let env: Record<string, string>;
  let dataDir = '';
  let dropDatabase: (() => Promise<void>) | null = null;

  beforeAll(async () => {
    env = { ...childProcessBaseEnv, RAPPORT_SEED_DEMO: 'false', LOG_LEVEL: 'warn' };
    if (testDatabaseKind === 'pglite') {
      dataDir = join(work, 'data');
      env['RAPPORT_DATA_DIR'] = dataDir;
    } else {
      if (!testDatabaseUrl) throw new Error('TEST_DATABASE_URL is not set');
      const name = `rapport_import_${process.pid}_${run}`;
      const admin = await createPostgresDatabase({ connectionString: testDatabaseUrl, poolSize: 1 });
      await admin.exec(`create database ${name}`);
      const url = new URL(testDatabaseUrl);
      url.pathname = `/${name}`;
      env['DATABASE_URL'] = url.toString();
      dropDatabase = async () => {
        await admin.exec(`drop database if exists ${name} with (force)`);
        await admin.close();
      };
    }
  });
  afterAll(async () => {
    await dropDatabase?.();
  });

  function rapport(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
      child.once('error', reject);
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
  }

  it('imports, reports a summary, and is idempotent on re-run', { timeout: 240_000 }, async () => {
    const slug = `cli-${run}`;
    const created = await rapport(['workspace', 'create', '--slug', slug, '--name', 'CLI shop']);
    expect(created.code, created.stderr).toBe(0);

    const first = await rapport(['email', 'import', mboxPath, '--workspace', slug]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('Imported 4, already present 0, failed 0.');
    const second = await rapport(['email', 'import', mboxPath, '--workspace', slug]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('Imported 0, already present 4, failed 0.');
    const fromFolder = await rapport(['email', 'import', folder, '--workspace', slug]);
    expect(fromFolder.stdout).toContain('Imported 2, already present 1, failed 0.');

    const unknown = await rapport(['email', 'import', mboxPath, '--workspace', `nope-${run}`]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(`No workspace "nope-${run}"`);

    if (testDatabaseKind === 'pglite') {
      // A running server holds the embedded data directory: import is refused, naming the holder.
      const lock = acquireDataDirLock(dataDir, 'rapport start (test)');
      try {
        const refused = await rapport(['email', 'import', mboxPath, '--workspace', slug]);
        expect(refused.code).toBe(2);
        expect(refused.stderr).toContain('The data directory is in use');
        expect(refused.stderr).toContain('rapport start (test)');
      } finally {
        lock.release();
      }
    }
  });
});
