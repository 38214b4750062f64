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

  // A line torn by a crash mid-append is closed with a newline first, so the next line stays whole.
  let needsNewline: boolean | null = null;
  const file = () =>
    (handle ??= (async () => {
      const fh = await open(path, 'a+');
      const { size } = await fh.stat();
      if (size > 0) {
        const last = Buffer.alloc(1);
        await fh.read(last, 0, 1, size - 1);
        needsNewline = last[0] !== 0x0a;
      }
      return fh;
    })());

  async function flush() {
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      try {
        const fh = await file();
        const text = batch.map((item) => item.lines).join('');
        await fh.appendFile(needsNewline ? `\n${text}` : text);
        needsNewline = false;
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

export interface JournalLine {
  /** Byte offset of the line in the journal file. */
  offset: number;
  entry: MailJournalEntry;
}

/**
 * Every complete, parseable line of the journal with its byte offset. A torn last line (a crash
 * mid-append, before the fsync that would have let the sender see 250) is skipped.
 */
export async function readMailJournal(path: string): Promise<{ lines: JournalLine[]; bytes: number; unreadable: number }> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { lines: [], bytes: 0, unreadable: 0 };
    throw error;
  }
  const lines: JournalLine[] = [];
  let unreadable = 0;
  let bytes = 0;
  try {
    const buffer = await handle.readFile();
    bytes = buffer.byteLength;
    let start = 0;
    while (start < buffer.byteLength) {
      const end = buffer.indexOf(0x0a, start);
      if (end === -1) break; // torn tail
      const text = buffer.subarray(start, end).toString('utf8');
      try {
        const entry = JSON.parse(text) as MailJournalEntry;
        if (typeof entry.rawKey === 'string' && typeof entry.workspaceId === 'string') lines.push({ offset: start, entry });
        else unreadable += 1;
      } catch {
        if (text.trim()) unreadable += 1;
      }
      start = end + 1;
    }
  } finally {
    await handle.close();
  }
  return { lines, bytes, unreadable };
}
