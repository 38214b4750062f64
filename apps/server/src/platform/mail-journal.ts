/**
 * Embedded mode's safety net for raw mail. PGlite never fsyncs, so an OS crash or power cut can
 * lose recent database pages; the raw bytes are fsynced to storage and one line per receipt is
 * appended (and fdatasynced) here before the sender is told 250. After a restore from the last
 * snapshot, every line newer than the snapshot is replayed through the receipt (which is
 * idempotent on the Message-ID or content hash).
 *
 * Offsets are logical: they keep counting across trims. Once a snapshot is taken, lines that no
 * kept snapshot could need are cut from the front (`trim`): the file is rewritten (temp file,
 * fsync, atomic rename) starting with a header line `{"journalBase":N}` that says which logical
 * offset its first entry has, so snapshot sidecars that recorded an offset stay valid.
 */
import { closeSync, fstatSync, mkdirSync, openSync, readSync } from 'node:fs';
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileDurably } from './durable-file.ts';

export interface MailJournalEntry {
  at: string;
  workspaceId: string;
  rawKey: string;
  source: 'smtp' | 'imap' | 'import' | 'replay';
  mailboxId: string | null;
  envelopeFrom: string | null;
  envelopeTo: string[];
}

/** Where a restore from a snapshot starts replaying: lines at or after the offset, or received since the time. */
export interface JournalCut {
  journalOffset: number;
  since: Date;
}

/** True when a restore at `cut` replays this line. */
export function isReplayedAfter(line: JournalLine, cut: JournalCut): boolean {
  return line.offset >= cut.journalOffset || new Date(line.entry.at).getTime() >= cut.since.getTime();
}

export interface MailJournal {
  append(entries: MailJournalEntry[]): Promise<void>;
  /** Drops the lines before the first one a restore at `cut` would replay; returns the bytes removed. */
  trim(cut: JournalCut): Promise<number>;
  close(): Promise<void>;
}

export interface JournalLine {
  /** Logical byte offset of the line (stable across trims). */
  offset: number;
  entry: MailJournalEntry;
}

interface ParsedJournal {
  /** Logical offset of the first byte after the header. */
  base: number;
  headerBytes: number;
  lines: (JournalLine & { position: number })[];
  unreadable: number;
  /** Logical offset of the end of the file. */
  end: number;
}

function parseHeader(buffer: Buffer): { base: number; headerBytes: number } {
  const end = buffer.indexOf(0x0a);
  if (end === -1 || !buffer.subarray(0, end).includes('"journalBase"')) return { base: 0, headerBytes: 0 };
  try {
    const header = JSON.parse(buffer.subarray(0, end).toString('utf8')) as { journalBase?: unknown };
    if (typeof header.journalBase === 'number' && Number.isSafeInteger(header.journalBase) && header.journalBase >= 0) {
      return { base: header.journalBase, headerBytes: end + 1 };
    }
  } catch {
    // not a header: an ordinary (or torn) first line
  }
  return { base: 0, headerBytes: 0 };
}

function parseJournal(buffer: Buffer): ParsedJournal {
  const { base, headerBytes } = parseHeader(buffer);
  const lines: ParsedJournal['lines'] = [];
  let unreadable = 0;
  let start = headerBytes;
  while (start < buffer.byteLength) {
    const end = buffer.indexOf(0x0a, start);
    if (end === -1) break; // torn tail
    const text = buffer.subarray(start, end).toString('utf8');
    try {
      const entry = JSON.parse(text) as MailJournalEntry;
      if (typeof entry.rawKey === 'string' && typeof entry.workspaceId === 'string') lines.push({ offset: base + start - headerBytes, position: start, entry });
      else unreadable += 1;
    } catch {
      if (text.trim()) unreadable += 1;
    }
    start = end + 1;
  }
  return { base, headerBytes, lines, unreadable, end: base + buffer.byteLength - headerBytes };
}

async function readJournalFile(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Every complete, parseable line of the journal with its logical offset, and the logical end
 * (`bytes`). A torn last line (a crash mid-append, before the fsync that would have let the sender
 * see 250) is skipped.
 */
export async function readMailJournal(path: string): Promise<{ lines: JournalLine[]; bytes: number; unreadable: number }> {
  const buffer = await readJournalFile(path);
  if (!buffer) return { lines: [], bytes: 0, unreadable: 0 };
  const parsed = parseJournal(buffer);
  return { lines: parsed.lines.map(({ offset, entry }) => ({ offset, entry })), bytes: parsed.end, unreadable: parsed.unreadable };
}

/** The logical offset a line appended now would get (what a snapshot records). */
export function mailJournalEnd(path: string): number {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  try {
    const { size } = fstatSync(fd);
    const head = Buffer.alloc(Math.min(size, 64));
    readSync(fd, head, 0, head.byteLength, 0);
    const { base, headerBytes } = parseHeader(head);
    return base + size - headerBytes;
  } finally {
    closeSync(fd);
  }
}

interface PendingAppend {
  lines: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Appends are grouped: receipts arriving while a write is in flight share the next fdatasync.
 * Appends and trims run one at a time, in order.
 */
export function openMailJournal(path: string): MailJournal {
  mkdirSync(dirname(path), { recursive: true });
  let handle: FileHandle | null = null;
  // A line torn by a crash mid-append is closed with a newline first, so the next line stays whole.
  let needsNewline = false;
  let tail: Promise<unknown> = Promise.resolve();
  let pending: PendingAppend[] | null = null;

  const enqueue = <T>(operation: () => Promise<T>): Promise<T> => {
    const result = tail.then(operation);
    tail = result.catch(() => undefined);
    return result;
  };

  async function file(): Promise<FileHandle> {
    if (handle) return handle;
    const opened = await open(path, 'a+');
    const { size } = await opened.stat();
    needsNewline = false;
    if (size > 0) {
      const last = Buffer.alloc(1);
      await opened.read(last, 0, 1, size - 1);
      needsNewline = last[0] !== 0x0a;
    }
    handle = opened;
    return opened;
  }

  async function closeHandle(): Promise<void> {
    const current = handle;
    handle = null;
    if (current) await current.close();
  }

  async function writeBatch(batch: PendingAppend[]): Promise<void> {
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

  async function trim(cut: JournalCut): Promise<number> {
    const buffer = await readJournalFile(path);
    if (!buffer) return 0;
    const parsed = parseJournal(buffer);
    const first = parsed.lines.find((line) => isReplayedAfter(line, cut));
    // Nothing needed any more: cut after the last complete line (a torn tail stays, as appends expect).
    const lastLineEnd = buffer.lastIndexOf(0x0a) + 1;
    const position = first ? first.position : Math.max(lastLineEnd, parsed.headerBytes);
    const removed = position - parsed.headerBytes;
    if (removed <= 0) return 0;
    const header = `${JSON.stringify({ journalBase: parsed.base + removed })}\n`;
    await closeHandle();
    writeFileDurably(path, Buffer.concat([Buffer.from(header), buffer.subarray(position)]));
    return removed;
  }

  return {
    append(entries) {
      if (entries.length === 0) return Promise.resolve();
      const lines = entries.map((entry) => `${JSON.stringify(entry)}\n`).join('');
      return new Promise<void>((resolve, reject) => {
        if (!pending) {
          const batch: PendingAppend[] = [];
          pending = batch;
          void enqueue(() => {
            if (pending === batch) pending = null; // later appends start the next batch
            return writeBatch(batch);
          });
        }
        pending.push({ lines, resolve, reject });
      });
    },
    trim: (cut) => enqueue(() => trim(cut)),
    close: () => enqueue(closeHandle),
  };
}
