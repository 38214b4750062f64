/**
 * Embedded mode's safety net for raw mail. PGlite never fsyncs, so an OS crash or power cut can
 * lose recent database pages; the raw bytes are fsynced to storage and one line per receipt is
 * appended (and fdatasynced) here before the sender is told 250. After a restore from the last
 * snapshot, every line newer than the snapshot is replayed through the receipt (which is
 * idempotent on the Message-ID or content hash).
 */
import { mkdirSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface MailJournalEntry {
  at: string;
  workspaceId: string;
  rawKey: string;
  source: 'smtp' | 'imap' | 'import' | 'replay';
  mailboxId: string | null;
  envelopeFrom: string | null;
  envelopeTo: string[];
}

export interface MailJournal {
  append(entries: MailJournalEntry[]): Promise<void>;
  close(): Promise<void>;
}

/** Appends are grouped: concurrent receipts share one fdatasync. */
export function openMailJournal(path: string): MailJournal {
  mkdirSync(dirname(path), { recursive: true });
  let handle: Promise<FileHandle> | null = null;
  let queue: { lines: string; resolve: () => void; reject: (error: unknown) => void }[] = [];
  let flushing: Promise<void> | null = null;

  const file = () => (handle ??= open(path, 'a'));

  async function flush() {
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      try {
        const fh = await file();
        await fh.appendFile(batch.map((item) => item.lines).join(''));
        await fh.datasync();
        for (const item of batch) item.resolve();
      } catch (error) {
        for (const item of batch) item.reject(error);
      }
    }
    flushing = null;
  }

  return {
    append(entries) {
      if (entries.length === 0) return Promise.resolve();
      const lines = entries.map((entry) => `${JSON.stringify(entry)}\n`).join('');
      const done = new Promise<void>((resolve, reject) => queue.push({ lines, resolve, reject }));
      flushing ??= flush();
      return done;
    },
    async close() {
      while (flushing) await flushing;
      if (handle) await (await handle).close();
      handle = null;
    },
  };
}
