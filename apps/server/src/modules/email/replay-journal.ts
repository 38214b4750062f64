/**
 * After the embedded database was restored from a snapshot (platform/snapshots.ts), every mail
 * journal line newer than the snapshot goes through the receipt again, raw bytes read back from
 * storage. The receipt dedupes per workspace on Message-ID / content hash, so a line the snapshot
 * already had is a harmless duplicate, and a crash during the replay just replays again.
 */
import { isReplayedAfter, readMailJournal, type JournalLine } from '../../platform/mail-journal.ts';
import { journalCutOf, readRestoreRecord, writeRestoreRecord, type RestoreRecord } from '../../platform/snapshots.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { receiveEmail } from './receive-email.ts';

export interface ReplayResult {
  lines: number;
  replayed: number;
  duplicates: number;
  missing: number;
  failed: number;
}

/**
 * The lines a restored snapshot may lack: those at or after the journal offset it recorded, and
 * those received within `replayMarginMs` before it (journalled, receipt not yet committed at the dump).
 */
export function linesToReplay(lines: readonly JournalLine[], from: { journalOffset: number; takenAt: string }): JournalLine[] {
  const cut = journalCutOf(from);
  return lines.filter((line) => isReplayedAfter(line, cut));
}

/** Replays journal lines at or after `fromOffset`, or received within the margin before `snapshotTakenAt`. */
export async function replayMailJournal(deps: AppDeps, journalPath: string, from: { journalOffset: number; takenAt: string }): Promise<ReplayResult> {
  const { lines } = await readMailJournal(journalPath);
  const result: ReplayResult = { lines: 0, replayed: 0, duplicates: 0, missing: 0, failed: 0 };
  // The lines are already journalled: replaying must not append them again.
  const replayDeps: AppDeps = { ...deps, mailJournal: null };
  for (const { entry } of linesToReplay(lines, from)) {
    const at = new Date(entry.at).getTime();
    result.lines += 1;
    const raw = await deps.storage.get(entry.rawKey).catch(() => null);
    if (!raw) {
      result.missing += 1;
      deps.logger.error({ rawKey: entry.rawKey, workspaceId: entry.workspaceId }, 'journalled mail could not be replayed: its raw bytes are missing from storage');
      continue;
    }
    try {
      const received = await receiveEmail(replayDeps, {
        raw,
        source: 'replay',
        workspaceId: entry.workspaceId,
        mailboxId: entry.mailboxId,
        envelopeFrom: entry.envelopeFrom,
        envelopeTo: entry.envelopeTo,
        receivedAt: Number.isNaN(at) ? undefined : new Date(at),
      });
      if (received.receipts.some((receipt) => !receipt.duplicate)) result.replayed += 1;
      else result.duplicates += 1;
    } catch (error) {
      // e.g. the workspace itself was created after the snapshot: nothing to attach the mail to.
      result.failed += 1;
      deps.logger.error({ err: error, rawKey: entry.rawKey, workspaceId: entry.workspaceId }, 'journalled mail could not be replayed');
    }
  }
  return result;
}

/** Runs the replay a restore asked for (once; a crash midway runs it again). Null when none is pending. */
export async function replayAfterRestore(deps: AppDeps, dataDir: string, journalPath: string): Promise<RestoreRecord | null> {
  const record = readRestoreRecord(dataDir);
  if (!record || record.replay) return null;
  deps.logger.warn({ snapshot: record.snapshot.file }, 'replaying mail received after the restored snapshot');
  const result = await replayMailJournal(deps, journalPath, record.snapshot);
  const done: RestoreRecord = { ...record, replay: { finishedAt: deps.clock.now().toISOString(), ...result } };
  writeRestoreRecord(dataDir, done);
  const log = result.missing + result.failed > 0 ? deps.logger.error.bind(deps.logger) : deps.logger.warn.bind(deps.logger);
  log(
    { snapshot: record.snapshot.file, ...result },
    `restored from snapshot ${record.snapshot.takenAt}: replayed ${result.replayed} message(s), ${result.duplicates} already present, ${result.missing + result.failed} could not be replayed`,
  );
  return done;
}
