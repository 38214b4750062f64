/**
 * `rapport email import <file.mbox | folder of .eml> --workspace <slug>`: receives every message
 * of an mbox file (streamed, never read whole) or every *.eml file of a folder (in name order)
 * into a workspace, through the same receipt as SMTP and IMAP (`receiveEmail`, source 'import').
 * It only receives: the worker of a running server (or the next `rapport start`) parses and
 * threads the receipts. Idempotent: a message the workspace already has (same Message-ID, or the
 * same bytes when it has none) is counted as "already present", so a second run imports nothing.
 *
 * Embedded database: only one process may hold the data directory, so stop the server first (the
 * data-directory lock refuses otherwise, with a message naming the process) — or point
 * DATABASE_URL at PostgreSQL, where import runs next to a live server and its worker picks the
 * receipts up at once.
 */
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import cliProgress from 'cli-progress';
import type { Config } from '@rapport/server/config';
import { createAppDeps, type OpenedDatabase } from '@rapport/server/main';
import type { AppDeps } from '@rapport/server/platform/app-deps';
import { createLogger } from '@rapport/server/platform/logger';
import { receiveEmail } from '@rapport/server/modules/email/receive-email';
import { findWorkspaceBySlug } from '@rapport/server/modules/workspaces/workspaces.queries';
import { splitMbox } from '@rapport/email/mbox';

export interface ImportProgress {
  /** Messages handled so far. */
  done: number;
  /** Bytes (mbox) or files (folder) handled so far, out of `total`. */
  position: number;
  total: number;
  unit: 'bytes' | 'files';
  imported: number;
  alreadyPresent: number;
  failed: number;
}

export interface ImportSummary {
  imported: number;
  alreadyPresent: number;
  failed: { source: string; reason: string }[];
}

interface ImportItem {
  label: string;
  raw: Uint8Array;
  /** Progress position after this item. */
  position: number;
}

interface ImportSource {
  total: number;
  unit: 'bytes' | 'files';
  items: AsyncIterable<ImportItem>;
}

async function openSource(path: string): Promise<ImportSource> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new Error(`No such file or folder: ${path}`);
  if (info.isDirectory()) {
    const names = (await readdir(path, { withFileTypes: true }))
      .filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith('.eml'))
      .map((entry) => entry.name)
      .sort();
    if (names.length === 0) throw new Error(`No .eml files in ${path}`);
    return {
      total: names.length,
      unit: 'files',
      items: (async function* () {
        let position = 0;
        for (const name of names) {
          position += 1;
          yield { label: name, raw: new Uint8Array(await readFile(join(path, name))), position };
        }
      })(),
    };
  }
  return {
    total: info.size,
    unit: 'bytes',
    items: (async function* () {
      let index = 0;
      const stream = createReadStream(path);
      for await (const raw of splitMbox(stream)) {
        index += 1;
        // Bytes read so far (at most one 64 KiB chunk ahead of the message): good enough for a bar.
        yield { label: `${basename(path)} message ${index}`, raw, position: Math.min(info.size, stream.bytesRead) };
      }
    })(),
  };
}

/** Receives every message of the mbox or folder into the workspace; never throws for one bad message. */
export async function importEmails(
  deps: AppDeps,
  input: { path: string; workspaceId: string },
  onProgress?: (progress: ImportProgress) => void,
): Promise<ImportSummary> {
  const source = await openSource(input.path);
  const summary: ImportSummary = { imported: 0, alreadyPresent: 0, failed: [] };
  let done = 0;
  for await (const item of source.items) {
    try {
      const result = await receiveEmail(deps, { raw: item.raw, source: 'import', workspaceId: input.workspaceId });
      if (result.receipts.some((receipt) => receipt.duplicate)) summary.alreadyPresent += 1;
      else summary.imported += 1;
    } catch (error) {
      summary.failed.push({ source: item.label, reason: (error as Error).message });
    }
    done += 1;
    onProgress?.({
      done,
      position: item.position,
      total: source.total,
      unit: source.unit,
      imported: summary.imported,
      alreadyPresent: summary.alreadyPresent,
      failed: summary.failed.length,
    });
  }
  return summary;
}

/** A progress bar on a terminal, a plain line every few seconds otherwise (logs, CI). */
function progressReporter(stream: NodeJS.WriteStream): { update(progress: ImportProgress): void; stop(): void } {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream, format: 'importing [{bar}] {percentage}% | {done} messages | {imported} new, {alreadyPresent} present, {failed} failed', hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    let isStarted = false;
    return {
      update(progress) {
        const values = { done: progress.done, imported: progress.imported, alreadyPresent: progress.alreadyPresent, failed: progress.failed };
        if (!isStarted) {
          bar.start(progress.total, progress.position, values);
          isStarted = true;
        } else bar.update(progress.position, values);
      },
      stop() {
        if (isStarted) bar.stop();
      },
    };
  }
  let lastAt = 0;
  let last: ImportProgress | null = null;
  const line = (progress: ImportProgress) =>
    stream.write(
      `importing: ${progress.done} messages (${progress.imported} new, ${progress.alreadyPresent} already present, ${progress.failed} failed), ${Math.floor((100 * progress.position) / Math.max(progress.total, 1))}%\n`,
    );
  return {
    update(progress) {
      last = progress;
      if (Date.now() - lastAt >= 2_000) {
        lastAt = Date.now();
        line(progress);
      }
    },
    stop() {
      if (last && lastAt > 0) line(last);
    },
  };
}

export function formatImportSummary(summary: ImportSummary): string[] {
  const lines = [`Imported ${summary.imported}, already present ${summary.alreadyPresent}, failed ${summary.failed.length}.`];
  for (const failure of summary.failed.slice(0, 50)) lines.push(`  failed: ${failure.source}: ${failure.reason}`);
  if (summary.failed.length > 50) lines.push(`  … and ${summary.failed.length - 50} more`);
  return lines;
}

export type WithDatabase = <T>(command: string, action: (opened: OpenedDatabase, loaded: Config) => Promise<T>) => Promise<T>;

/** The action of `rapport email import` (registered lazily in email-import-command.ts). */
export async function runEmailImportCommand(
  path: string,
  options: { workspace: string },
  helpers: { withDatabase: WithDatabase; print: (line: string) => void },
): Promise<void> {
  await helpers.withDatabase('rapport email import', async (opened, loaded) => {
    const workspace = await findWorkspaceBySlug(opened.database.db, options.workspace);
    if (!workspace) throw new Error(`No workspace "${options.workspace}".`);
    const deps = createAppDeps(loaded, opened.database, { logger: createLogger({ level: 'warn', secrets: loaded.secrets }) });
    const reporter = progressReporter(process.stderr);
    let summary: ImportSummary;
    try {
      summary = await importEmails(deps, { path, workspaceId: workspace.id }, (progress) => reporter.update(progress));
    } finally {
      reporter.stop();
      await deps.mailJournal?.close();
    }
    for (const line of formatImportSummary(summary)) helpers.print(line);
    if (!loaded.databaseUrl && summary.imported > 0) helpers.print('The messages are threaded when the server starts (rapport start).');
    process.exitCode = summary.failed.length > 0 ? 1 : 0;
  });
}
