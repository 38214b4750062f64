/**
 * Embedded mode's defence against what PGlite cannot survive. PGlite never fsyncs: it survives a
 * crash or kill -9, but an OS crash or power cut can leave its directory unopenable. So:
 *  - every `snapshotIntervalMinutes` (and at clean shutdown) a compressed copy of the whole data
 *    directory (`dumpDataDir('gzip')`) is written to `<dataDir>/snapshots/` through a temp file,
 *    fsync and atomic rename, with a sidecar JSON recording where the mail journal stood; the
 *    newest `snapshotKeep` are kept;
 *  - when the data directory does not open, it is moved aside (`pglite.broken-<time>`), a new one
 *    is created from the newest snapshot, and a restore marker asks the composition root to replay
 *    every journal line newer than that snapshot (modules/email/replay-journal.ts);
 *  - `rapport doctor` reads the same files to report the last snapshot and any restore.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { Database } from '@rapport/db/database';
import { createPgliteDatabase } from '@rapport/db/pglite-database';
import { writeFileDurably } from './durable-file.ts';
import type { Logger } from './logger.ts';
import { mailJournalEnd, type MailJournal } from './mail-journal.ts';

/** A journal line received this long before a snapshot started is replayed too (its receipt may have committed after the dump). */
export const replayMarginMs = 5 * 60_000;

export interface SnapshotInfo {
  /** File name of the archive inside `<dataDir>/snapshots/`. */
  file: string;
  path: string;
  takenAt: string;
  bytes: number;
  /** Byte length of the mail journal when the dump started: lines from here on are newer. */
  journalOffset: number;
  durationMs: number;
  /** Bytes cut from the front of the mail journal after this snapshot (only on the object takeSnapshot returns). */
  journalTrimmed?: number;
}

export interface RestoreRecord {
  restoredAt: string;
  snapshot: { file: string; takenAt: string; journalOffset: number };
  brokenDir: string;
  error: string;
  /** Filled by the replay; `null` until it has run (a crash in between replays again). */
  replay: null | { finishedAt: string; lines: number; replayed: number; duplicates: number; missing: number; failed: number };
}

export const pgliteDirOf = (dataDir: string) => join(dataDir, 'pglite');
export const snapshotsDirOf = (dataDir: string) => join(dataDir, 'snapshots');
export const restoreMarkerPathOf = (dataDir: string) => join(dataDir, 'restore.json');

const fileStamp = (date: Date) => date.toISOString().replace(/:/g, '-');

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** Complete snapshots (archive and sidecar both present), newest first. */
export function listSnapshots(dataDir: string): SnapshotInfo[] {
  const dir = snapshotsDirOf(dataDir);
  if (!existsSync(dir)) return [];
  const result: SnapshotInfo[] = [];
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.tar.gz.json')) continue;
    try {
      const info = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Omit<SnapshotInfo, 'path'>;
      const path = join(dir, info.file);
      if (fileSize(path) !== info.bytes) continue; // archive missing or not the one the sidecar describes
      result.push({ ...info, path });
    } catch {
      // a half-written sidecar: not a snapshot
    }
  }
  return result.sort((a, b) => b.takenAt.localeCompare(a.takenAt));
}

export function readRestoreRecord(dataDir: string): RestoreRecord | null {
  try {
    return JSON.parse(readFileSync(restoreMarkerPathOf(dataDir), 'utf8')) as RestoreRecord;
  } catch {
    return null;
  }
}

export function writeRestoreRecord(dataDir: string, record: RestoreRecord): void {
  writeFileDurably(restoreMarkerPathOf(dataDir), `${JSON.stringify(record, null, 2)}\n`);
}

/** Deletes all but the newest `keep` snapshots, and leftovers of interrupted writes. */
export function pruneSnapshots(dataDir: string, keep: number): void {
  const dir = snapshotsDirOf(dataDir);
  if (!existsSync(dir)) return;
  const kept = new Set(listSnapshots(dataDir).slice(0, keep).flatMap((snapshot) => [snapshot.file, `${snapshot.file}.json`]));
  for (const name of readdirSync(dir)) {
    if (!kept.has(name)) rmSync(join(dir, name), { force: true });
  }
}

/** The PGlite client behind a Database, or null for PostgreSQL / an in-memory database. */
export function pgliteClientOf(database: Database): PGlite | null {
  if (database.kind !== 'pglite') return null;
  const client = (database as Database & { client?: PGlite }).client;
  return client && client.dataDir && !client.dataDir.startsWith('memory://') ? client : null;
}

export interface SnapshotOptions {
  client: PGlite;
  dataDir: string;
  journalPath: string;
  /** The running journal: after each snapshot, lines no kept snapshot could need are trimmed from it. */
  journal?: MailJournal | null;
  keep: number;
  now?: () => Date;
}

/** Where a restore from `snapshot` starts replaying the journal (see linesToReplay in replay-journal.ts). */
export function journalCutOf(snapshot: { journalOffset: number; takenAt: string }): { journalOffset: number; since: Date } {
  return { journalOffset: snapshot.journalOffset, since: new Date(new Date(snapshot.takenAt).getTime() - replayMarginMs) };
}

/** Dumps the live database into `<dataDir>/snapshots/<time>.tar.gz` (+ `.json` sidecar). */
export async function takeSnapshot(options: SnapshotOptions): Promise<SnapshotInfo> {
  const now = options.now ?? (() => new Date());
  const started = now();
  const dir = snapshotsDirOf(options.dataDir);
  mkdirSync(dir, { recursive: true });
  // Lines already in the journal are what this snapshot may contain; later lines are replayed.
  const journalOffset = mailJournalEnd(options.journalPath);
  // A checkpoint first, so the archive opens without replaying much WAL.
  await options.client.query('checkpoint');
  const blob = await options.client.dumpDataDir('gzip');
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const file = `${fileStamp(started)}.tar.gz`;
  writeFileDurably(join(dir, file), bytes);
  const info: Omit<SnapshotInfo, 'path'> = {
    file,
    takenAt: started.toISOString(),
    bytes: bytes.byteLength,
    journalOffset,
    durationMs: now().getTime() - started.getTime(),
  };
  // The sidecar is written last: a snapshot without one is incomplete and ignored.
  writeFileDurably(join(dir, `${file}.json`), `${JSON.stringify(info, null, 2)}\n`);
  pruneSnapshots(options.dataDir, options.keep);
  // The oldest kept snapshot is the furthest back a restore can go: older journal lines are dead weight.
  const oldest = listSnapshots(options.dataDir).at(-1);
  const journalTrimmed = options.journal && oldest ? await options.journal.trim(journalCutOf(oldest)) : 0;
  return { ...info, path: join(dir, file), journalTrimmed };
}

export interface SnapshotScheduler {
  /** Takes one now (serialised with the timer's). */
  snapshot(): Promise<SnapshotInfo | null>;
  /** Stops the timer and, unless told otherwise, takes a last snapshot (clean shutdown). */
  stop(options?: { final?: boolean }): Promise<void>;
}

/** Takes a snapshot every `intervalMinutes`; the first one soon after start when the newest is due. */
export function startSnapshots(options: SnapshotOptions & { intervalMinutes: number; logger: Logger; firstDelayMs?: number }): SnapshotScheduler {
  const intervalMs = options.intervalMinutes * 60_000;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<SnapshotInfo | null> = Promise.resolve(null);
  let stopped = false;

  const run = () => {
    running = running.then(async () => {
      if (options.client.closed) return null;
      try {
        const info = await takeSnapshot(options);
        options.logger.info({ snapshot: info.file, bytes: info.bytes, durationMs: info.durationMs, journalTrimmed: info.journalTrimmed }, 'embedded database snapshot written');
        return info;
      } catch (error) {
        options.logger.error({ err: error }, 'embedded database snapshot failed');
        return null;
      }
    });
    return running;
  };
  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      void run().then(() => schedule(intervalMs));
    }, delayMs);
    timer.unref();
  };
  const newest = listSnapshots(options.dataDir)[0];
  const dueInMs = newest ? new Date(newest.takenAt).getTime() + intervalMs - Date.now() : 0;
  schedule(Math.max(options.firstDelayMs ?? 5_000, Math.min(dueInMs, intervalMs)));

  return {
    snapshot: run,
    async stop(stopOptions = {}) {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      if (stopOptions.final !== false) await run();
    },
  };
}

const environmentErrors = new Set(['ENOSPC', 'EMFILE', 'ENFILE', 'EACCES', 'EPERM', 'ENOMEM', 'EROFS', 'EBUSY']);

export class EmbeddedDatabaseUnrecoverableError extends Error {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'EmbeddedDatabaseUnrecoverableError';
  }
}

/**
 * Opens `<dataDir>/pglite`. If it will not open and a snapshot exists, moves it aside, restores the
 * newest snapshot and writes the restore marker (the journal replay happens once the app is up).
 */
export async function openEmbeddedDatabase(
  dataDir: string,
  logger?: Logger,
  open: (options: { dataDir: string; loadDataDir?: Blob }) => Promise<Database & { client: PGlite }> = createPgliteDatabase,
): Promise<Database & { client: PGlite }> {
  const pgliteDir = pgliteDirOf(dataDir);
  try {
    return await open({ dataDir: pgliteDir });
  } catch (error) {
    // Out of disk, memory or file handles, or no permission: the directory may be fine; never restore over it.
    const code = (error as NodeJS.ErrnoException).code;
    if (code && environmentErrors.has(code)) throw error;
    const snapshots = listSnapshots(dataDir);
    if (!existsSync(pgliteDir) || snapshots.length === 0) {
      throw new EmbeddedDatabaseUnrecoverableError(
        `The embedded database in ${pgliteDir} did not open (${(error as Error).message}) and there is no snapshot in ${snapshotsDirOf(dataDir)} to restore.`,
        { cause: error },
      );
    }
    const brokenDir = `${pgliteDir}.broken-${fileStamp(new Date())}`;
    renameSync(pgliteDir, brokenDir);
    logger?.error(
      { err: error, brokenDir },
      'THE EMBEDDED DATABASE DID NOT OPEN: moved it aside and restoring the newest snapshot, then replaying the mail journal',
    );
    let lastError: unknown = error;
    for (const snapshot of snapshots) {
      try {
        const database = await open({ dataDir: pgliteDir, loadDataDir: new Blob([readFileSync(snapshot.path)]) });
        writeRestoreRecord(dataDir, {
          restoredAt: new Date().toISOString(),
          snapshot: { file: snapshot.file, takenAt: snapshot.takenAt, journalOffset: snapshot.journalOffset },
          brokenDir,
          error: (error as Error).message,
          replay: null,
        });
        logger?.error({ snapshot: snapshot.file, takenAt: snapshot.takenAt }, 'RESTORED THE EMBEDDED DATABASE FROM A SNAPSHOT; changes after it are lost except received mail, which is replayed');
        return database;
      } catch (restoreError) {
        lastError = restoreError;
        logger?.error({ err: restoreError, snapshot: snapshot.file }, 'snapshot did not restore; trying an older one');
        rmSync(pgliteDir, { recursive: true, force: true });
      }
    }
    throw new EmbeddedDatabaseUnrecoverableError(`The embedded database did not open and no snapshot restored (last error: ${(lastError as Error).message}). The broken directory is ${brokenDir}.`, {
      cause: lastError,
    });
  }
}
