/**
 * Embedded durability: PGlite never fsyncs, so after an OS crash its directory may not open.
 * The server snapshots the data directory (here: at clean shutdown), journals received mail
 * (fsynced) and, when the directory will not open, restores the newest snapshot and replays the
 * journal lines newer than it. The corrupted start, the replay and `rapport doctor` run as real
 * `rapport` processes; receiving mail happens in-process through the receipt.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../apps/server/src/config.ts';
import { mailJournalPath, openDatabase, startRapport } from '../../apps/server/src/main.ts';
import { createLogger } from '../../apps/server/src/platform/logger.ts';
import { mailJournalEnd, openMailJournal, readMailJournal } from '../../apps/server/src/platform/mail-journal.ts';
import { listSnapshots, openEmbeddedDatabase, pgliteDirOf, readRestoreRecord, takeSnapshot } from '../../apps/server/src/platform/snapshots.ts';
import { receiveEmail } from '../../apps/server/src/modules/email/receive-email.ts';
import { createPgliteDatabase } from '../../packages/db/src/pglite-database.ts';
import { buildWorkspace } from '../support/factories.ts';
import { childProcessBaseEnv } from '../support/test-env.ts';

const journalEntry = (rawKey: string, at: string) => ({ at, workspaceId: 'w', rawKey, source: 'smtp' as const, mailboxId: null, envelopeFrom: null, envelopeTo: ['a@b.test'] });

const bin = fileURLToPath(new URL('../../apps/cli/bin/rapport.mjs', import.meta.url));
const tempDirs: string[] = [];
const children: ChildProcess[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function rapport(args: string[], dataDir: string, port: number) {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...childProcessBaseEnv, RAPPORT_DATA_DIR: dataDir, PORT: String(port), RAPPORT_SEED_DEMO: 'false', RAPPORT_SMTP_ENABLED: 'false', RAPPORT_WEB_DIST: join(dataDir, 'no-web'), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  return { child, exited, output: () => output };
}

async function waitReady(port: number, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await fetch(`http://127.0.0.1:${port}/readyz`).then((response) => response.ok).catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('rapport did not become ready in time');
}

function embeddedConfig(dataDir: string): Config {
  return loadConfig({
    env: {},
    configFile: false,
    overrides: { dataDir, port: 0, logLevel: 'silent', seedDemo: false, webDistDir: '/nonexistent', smtpEnabled: false, smtpPort: 0, emailAuthentication: false },
  });
}

function mail(n: number): Uint8Array {
  return Buffer.from(
    [
      `From: Customer ${n} <customer${n}@example.test>`,
      'To: support@shop.example.test',
      `Subject: Order ${n} has not arrived`,
      `Message-ID: <order-${n}@example.test>`,
      'Date: Wed, 25 Nov 2026 12:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      `Hello, order ${n} is late. Where is it?`,
      '',
    ].join('\r\n'),
  );
}

async function receiptsByMessageId(config: Config, workspaceId: string) {
  const opened = await openDatabase(config, 'test');
  try {
    return await opened.database.query<{ message_id: string | null; source: string; dedupe_key: string }>(
      'select message_id, source, dedupe_key from inbound_emails where workspace_id = $1 order by dedupe_key',
      [workspaceId],
    );
  } finally {
    await opened.database.close();
    opened.lock?.release();
  }
}

describe('embedded durability', () => {
  it('restores the newest snapshot when the data directory is corrupt, replays newer mail, and doctor says so', async () => {
    const dataDir = tempDir('rapport-durability-');
    const config = embeddedConfig(dataDir);
    const logger = createLogger({ level: 'silent' });

    // 1. Data and three messages; a clean shutdown takes a snapshot.
    const first = await startRapport(config, { role: 'web', listen: false, logger });
    const workspace = await buildWorkspace(first.deps, 'Durable shop');
    for (const n of [1, 2, 3]) await receiveEmail(first.deps, { raw: mail(n), source: 'smtp', workspaceId: workspace.id, envelopeTo: ['support@shop.example.test'] });
    await first.close();
    const snapshots = listSnapshots(dataDir);
    expect(snapshots.length).toBeGreaterThanOrEqual(1); // at shutdown (and by the timer if this machine was slow)
    expect(snapshots[0]!.journalOffset).toBeGreaterThan(0);

    // 2. Three more messages, journalled; then the process dies without a snapshot (the database
    //    is closed under the running app, as a crash would leave it).
    const opened = await openDatabase(config, 'test');
    const second = await startRapport(config, { role: 'web', listen: false, logger, opened });
    for (const n of [4, 5, 6]) await receiveEmail(second.deps, { raw: mail(n), source: 'smtp', workspaceId: workspace.id, envelopeTo: ['support@shop.example.test'] });
    await second.deps.mailJournal?.close();
    await opened.database.close();
    opened.lock?.release();
    await second.close().catch(() => undefined); // the database is gone: no final snapshot
    expect(listSnapshots(dataDir)).toEqual(snapshots);
    const journal = await readMailJournal(mailJournalPath(config));
    expect(journal.lines).toHaveLength(6);

    // 3. What a power cut can do to a directory that was never fsynced.
    const pglite = pgliteDirOf(dataDir);
    writeFileSync(join(pglite, 'global', 'pg_control'), Buffer.alloc(8192, 0x5a));
    for (const wal of readdirSync(join(pglite, 'pg_wal')).filter((name) => /^[0-9A-F]{24}$/.test(name))) truncateSync(join(pglite, 'pg_wal', wal), 100);

    // 4. A real `rapport start` restores and replays.
    const port = await freePort();
    const server = rapport(['start'], dataDir, port);
    await waitReady(port);
    expect(server.output()).toContain('RESTORED THE EMBEDDED DATABASE FROM A SNAPSHOT');
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);

    expect(readdirSync(dataDir).some((name) => name.startsWith('pglite.broken-'))).toBe(true);
    const record = readRestoreRecord(dataDir);
    expect(record?.snapshot.file).toBe(snapshots[0]!.file);
    expect(record?.replay).toMatchObject({ replayed: 3, missing: 0, failed: 0 });
    expect(record?.replay?.duplicates).toBe(3); // lines 1-3 are within the margin before the snapshot: replayed as duplicates

    const receipts = await receiptsByMessageId(config, workspace.id);
    expect(receipts.map((row) => row.dedupe_key)).toEqual([1, 2, 3, 4, 5, 6].map((n) => `mid:order-${n}@example.test`));
    expect(receipts.filter((row) => row.source === 'replay')).toHaveLength(3);
    expect(listSnapshots(dataDir).length).toBeGreaterThanOrEqual(2); // the restored server snapshotted at shutdown

    // 5. `rapport doctor` reports the restore and the snapshots.
    const doctor = rapport(['doctor'], dataDir, await freePort());
    expect(await doctor.exited).toBe(0);
    expect(doctor.output()).toMatch(/restored from snapshot \S+ on \d{4}-\d{2}-\d{2}, replayed 3 messages \(3 already present\); 0 could not be replayed/);
    expect(doctor.output()).toMatch(/ok\s+snapshots\s+last \S+ \(\d+ min ago\)/);
    expect(doctor.output()).toMatch(/journal\s+\d/);
  }, 240_000);

  it('keeps the newest snapshots only, ignores half-written ones, and refuses to guess without one', async () => {
    const dataDir = tempDir('rapport-snapshots-');
    const journalPath = join(dataDir, 'mail-journal.ndjson');
    const database = await createPgliteDatabase({ dataDir: pgliteDirOf(dataDir) });
    await database.exec('create table notes (body text); insert into notes values ($$first$$);');
    const times = [1, 2, 3, 4].map((minute) => new Date(Date.UTC(2026, 10, 25, 12, minute)));
    const journal = openMailJournal(journalPath);
    for (const [index, time] of times.entries()) {
      if (index === 3) await database.exec(`insert into notes values ('fourth')`);
      // One journalled mail before each snapshot, received an hour earlier (outside the replay margin).
      await journal.append([journalEntry(`line-${index}`, new Date(time.getTime() - 3_600_000).toISOString())]);
      await takeSnapshot({ client: database.client, dataDir, journalPath, journal, keep: 3, now: () => time });
    }
    await journal.close();
    await database.close();
    // The oldest kept snapshot (12:02) was taken after line-1: a restore from it replays line-2 on; older lines are trimmed.
    expect((await readMailJournal(journalPath)).lines.map((line) => line.entry.rawKey)).toEqual(['line-2', 'line-3']);
    const kept = listSnapshots(dataDir);
    expect(kept.map((snapshot) => snapshot.takenAt)).toEqual([times[3], times[2], times[1]].map((time) => time!.toISOString()));
    // An archive without its sidecar (crash mid-snapshot) is not a snapshot.
    writeFileSync(join(dataDir, 'snapshots', '2026-11-25T13-00-00.000Z.tar.gz'), 'partial');
    expect(listSnapshots(dataDir)).toHaveLength(3);

    // Corrupt: the newest snapshot comes back, with the row written just before it.
    writeFileSync(join(pgliteDirOf(dataDir), 'global', 'pg_control'), 'garbage');
    const restored = await openEmbeddedDatabase(dataDir);
    expect(await restored.query<{ body: string }>('select body from notes order by body')).toEqual([{ body: 'first' }, { body: 'fourth' }]);
    await restored.close();
    expect(readRestoreRecord(dataDir)?.snapshot.takenAt).toBe(times[3]!.toISOString());

    // No snapshot at all: the error says so and the directory is left as it was.
    const bare = tempDir('rapport-nosnap-');
    const other = await createPgliteDatabase({ dataDir: pgliteDirOf(bare) });
    await other.close();
    writeFileSync(join(pgliteDirOf(bare), 'global', 'pg_control'), 'garbage');
    await expect(openEmbeddedDatabase(bare)).rejects.toThrow(/no snapshot/);
    expect(existsSync(join(pgliteDirOf(bare), 'global'))).toBe(true);
  }, 120_000);

  it('trims journal lines no kept snapshot needs, with stable offsets, while appends go on', async () => {
    const path = join(tempDir('rapport-journal-trim-'), 'mail-journal.ndjson');
    const old = '2026-11-25T10:00:00.000Z';
    const recent = '2026-11-25T12:00:00.000Z';
    const journal = openMailJournal(path);
    await journal.append([journalEntry('a', old), journalEntry('b', old)]);
    await journal.append([journalEntry('c', old)]);
    const before = await readMailJournal(path);
    const offsetOfC = before.lines[2]!.offset;

    // A snapshot recorded the journal end when 'c' was next: a restore from it replays 'c' onwards.
    expect(await journal.trim({ journalOffset: offsetOfC, since: new Date('2026-11-25T11:00:00Z') })).toBe(offsetOfC);
    const after = await readMailJournal(path);
    expect(after.lines).toEqual(before.lines.slice(2));
    expect(after.bytes).toBe(before.bytes);
    expect(mailJournalEnd(path)).toBe(before.bytes);
    expect(statSync(path).size).toBeLessThan(before.bytes);

    // Appends racing a trim all land; a line within the replay margin is kept although older than the offset.
    await Promise.all([
      journal.append([journalEntry('d', recent)]),
      journal.trim({ journalOffset: before.bytes + 1_000_000, since: new Date('2026-11-25T11:55:00Z') }),
      journal.append([journalEntry('e', recent)]),
    ]);
    await journal.close();
    const trimmedAgain = await readMailJournal(path);
    expect(trimmedAgain.lines.map((line) => line.entry.rawKey)).toEqual(['d', 'e']);
    expect(trimmedAgain.lines[0]!.offset).toBe(before.bytes);

    // Reopened, offsets go on from the header.
    const reopened = openMailJournal(path);
    await reopened.append([journalEntry('f', recent)]);
    await reopened.close();
    const final = await readMailJournal(path);
    expect(final.lines.map((line) => line.entry.rawKey)).toEqual(['d', 'e', 'f']);
    expect(final.lines[2]!.offset).toBe(trimmedAgain.bytes);
  });

  it('keeps journal lines whole after a torn append', async () => {
    const dir = tempDir('rapport-journal-');
    const path = join(dir, 'mail-journal.ndjson');
    const entry = (rawKey: string) => ({ at: new Date().toISOString(), workspaceId: 'w', rawKey, source: 'smtp' as const, mailboxId: null, envelopeFrom: null, envelopeTo: ['a@b.test'] });
    const journal = openMailJournal(path);
    await journal.append([entry('a'.repeat(64))]);
    await journal.close();
    appendFileSync(path, '{"at":"2026-11-25T12:00:00.000Z","workspaceId":"w","rawK'); // crash mid-append
    const reopened = openMailJournal(path);
    await Promise.all([reopened.append([entry('b'.repeat(64))]), reopened.append([entry('c'.repeat(64))])]);
    await reopened.close();
    const read = await readMailJournal(path);
    expect(read.lines.map((line) => line.entry.rawKey[0])).toEqual(['a', 'b', 'c']);
    expect(read.unreadable).toBe(1);
    expect(readFileSync(path, 'utf8').endsWith('\n')).toBe(true);
  });
});
