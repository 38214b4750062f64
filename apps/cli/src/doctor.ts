import { statfsSync, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { DataDirLockedError } from '@rapport/db/data-dir-lock';
import { loadConfig, type Config } from '@rapport/server/config';
import { defaultWebDistDir, mailJournalPath, openDatabase } from '@rapport/server/main';
import { mailJournalEnd } from '@rapport/server/platform/mail-journal';
import { listSnapshots, readRestoreRecord, snapshotsDirOf } from '@rapport/server/platform/snapshots';

type Print = (line: string) => void;
interface Check {
  name: string;
  status: 'ok' | 'warn' | 'fail';
  detail: string;
}

function portIsFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const server = createServer();
    server.once('error', () => resolvePromise(false));
    server.listen(port, host, () => server.close(() => resolvePromise(true)));
  });
}

async function checkDatabase(config: Config): Promise<Check> {
  try {
    const opened = await openDatabase(config, 'rapport doctor');
    try {
      const [applied] = await opened.database
        .query<{ count: number }>('select count(*)::int as count from drizzle.__drizzle_migrations')
        .catch(() => [{ count: 0 }]);
      const [workspaces] = await opened.database.query<{ count: number }>('select count(*)::int as count from workspaces').catch(() => [{ count: 0 }]);
      return {
        name: 'database',
        status: 'ok',
        detail: `${opened.database.kind}${config.databaseUrl ? '' : ` in ${resolve(config.dataDir)}`}: ${applied?.count ?? 0} migration(s) applied, ${workspaces?.count ?? 0} workspace(s)`,
      };
    } finally {
      await opened.database.close();
      opened.lock?.release();
    }
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      return { name: 'database', status: 'ok', detail: `embedded database in use by the running server (pid ${error.owner.pid}); not opened` };
    }
    return { name: 'database', status: 'fail', detail: (error as Error).message };
  }
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function formatAge(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h ago` : `${Math.round(hours / 24)} days ago`;
}

/** Embedded mode: snapshots, the mail journal and any restore from a snapshot. */
export function embeddedDurabilityChecks(config: Config, now = new Date()): Check[] {
  const dataDir = resolve(config.dataDir);
  const checks: Check[] = [];
  const snapshots = listSnapshots(dataDir);
  const newest = snapshots[0];
  const dueMs = 2 * config.snapshotIntervalMinutes * 60_000;
  if (!newest) {
    checks.push({
      name: 'snapshots',
      status: 'warn',
      detail: `none yet in ${snapshotsDirOf(dataDir)} (the running server takes one every ${config.snapshotIntervalMinutes} min and at shutdown)`,
    });
  } else {
    const age = now.getTime() - new Date(newest.takenAt).getTime();
    checks.push({
      name: 'snapshots',
      status: age > dueMs ? 'warn' : 'ok',
      detail:
        `last ${newest.takenAt} (${formatAge(age)}), ${formatBytes(newest.bytes)}; ${snapshots.length} kept in ${snapshotsDirOf(dataDir)}` +
        (age > dueMs ? `; older than 2 intervals (${config.snapshotIntervalMinutes} min each): is the server running, and can it write there?` : ''),
    });
  }
  const journal = mailJournalPath(config);
  const journalBytes = existsSync(journal) ? statSync(journal).size : 0;
  // Offsets are logical (they keep counting after the journal is trimmed at each snapshot).
  const journalEnd = mailJournalEnd(journal);
  const sinceSnapshot = newest ? Math.max(0, journalEnd - newest.journalOffset) : journalEnd;
  checks.push({ name: 'journal', status: 'ok', detail: `${formatBytes(journalBytes)} of received mail in ${journal} (${formatBytes(sinceSnapshot)} since the last snapshot; older lines are trimmed after each snapshot)` });
  const restore = readRestoreRecord(dataDir);
  if (restore) {
    const when = restore.restoredAt.slice(0, 10);
    const replay = restore.replay;
    const lost = replay ? replay.missing + replay.failed : 0;
    const recent = now.getTime() - new Date(restore.restoredAt).getTime() < 30 * 24 * 3600_000;
    checks.push({
      name: 'restore',
      status: lost > 0 ? 'fail' : !replay || recent ? 'warn' : 'ok',
      detail: replay
        ? `restored from snapshot ${restore.snapshot.takenAt} on ${when}, replayed ${replay.replayed} messages` +
          (replay.duplicates ? ` (${replay.duplicates} already present)` : '') +
          `; ${lost} could not be replayed${replay.missing ? ` (${replay.missing} raw missing)` : ''}. The broken directory was kept as ${restore.brokenDir}: ${restore.error}`
        : `restored from snapshot ${restore.snapshot.takenAt} on ${when}; the mail journal replay has not finished yet (it runs when the server starts)`,
    });
  }
  return checks;
}

export async function runDoctor(print: Print): Promise<boolean> {
  const checks: Check[] = [];
  let config: Config;
  try {
    config = loadConfig();
    checks.push({ name: 'config', status: 'ok', detail: config.databaseUrl ? 'PostgreSQL via DATABASE_URL' : `embedded PGlite in ${resolve(config.dataDir)}` });
  } catch (error) {
    print(`fail  config    ${(error as Error).message}`);
    return false;
  }
  checks.push(await checkDatabase(config));
  const isFree = await portIsFree(config.port, config.host);
  checks.push({
    name: 'port',
    status: isFree ? 'ok' : 'warn',
    detail: isFree ? `${config.host}:${config.port} is free` : `${config.host}:${config.port} is in use (a running Rapport, or another program)`,
  });
  if (config.smtpEnabled) {
    const smtpHost = config.smtpHost ?? config.host;
    const isSmtpFree = await portIsFree(config.smtpPort, smtpHost);
    checks.push({
      name: 'smtp',
      status: isSmtpFree ? 'ok' : 'warn',
      detail: isSmtpFree
        ? `${smtpHost}:${config.smtpPort} is free for the SMTP listener`
        : `${smtpHost}:${config.smtpPort} is in use (a running Rapport, or another mail server; set RAPPORT_SMTP_PORT or RAPPORT_SMTP_ENABLED=false)`,
    });
  }
  const diskPath = config.databaseUrl ? process.cwd() : existsSync(config.dataDir) ? config.dataDir : process.cwd();
  const stats = statfsSync(diskPath);
  const freeMiB = Math.floor((stats.bavail * stats.bsize) / 1024 / 1024);
  checks.push({ name: 'disk', status: freeMiB < 500 ? 'fail' : freeMiB < 2048 ? 'warn' : 'ok', detail: `${freeMiB} MiB free at ${resolve(diskPath)}` });
  const webDir = config.webDistDir ?? defaultWebDistDir;
  checks.push({
    name: 'web app',
    status: existsSync(resolve(webDir, 'index.html')) ? 'ok' : 'warn',
    detail: existsSync(resolve(webDir, 'index.html')) ? `built in ${webDir}` : 'not built yet; `npm start` builds it',
  });
  if (!config.databaseUrl) {
    checks.push({
      name: 'durability',
      status: 'warn',
      detail:
        'embedded PGlite does not fsync: it survives a crash or kill -9; after a power cut or OS crash it restores the last snapshot and replays the fsynced mail journal. Use PostgreSQL (DATABASE_URL) for a team.',
    });
    checks.push(...embeddedDurabilityChecks(config));
  }
  for (const check of checks) print(`${check.status.padEnd(5)} ${check.name.padEnd(10)} ${check.detail}`);
  return checks.every((check) => check.status !== 'fail');
}
