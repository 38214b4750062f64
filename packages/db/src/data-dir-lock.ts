/**
 * Two processes on one PGlite directory corrupt it, so whoever opens the directory first holds a
 * lock file beside it. A second process fails at once, naming the holder. A lock left by a process
 * that no longer runs (kill -9, power cut) is taken over.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LockOwner {
  pid: number;
  hostname: string;
  token: string;
  startedAt: string;
  command: string;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly lockPath: string,
    readonly owner: LockOwner,
  ) {
    super(
      `The data directory is in use by process ${owner.pid} (${owner.command}, started ${owner.startedAt}). ` +
        `Stop that process first; two processes on one embedded database would corrupt it. Lock: ${lockPath}`,
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  readonly path: string;
  /** True when a stale lock of a dead process was found and taken over. */
  readonly tookOverStaleLock: LockOwner | null;
  release(): void;
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means it exists but belongs to someone else: still alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(path: string): LockOwner | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid !== 'number' || typeof parsed.token !== 'string') return null;
    return {
      pid: parsed.pid,
      token: parsed.token,
      hostname: String(parsed.hostname ?? ''),
      startedAt: String(parsed.startedAt ?? ''),
      command: String(parsed.command ?? ''),
    };
  } catch {
    return null;
  }
}

function isStale(owner: LockOwner | null): boolean {
  if (!owner) return true; // half-written by a process killed mid-write
  if (owner.hostname !== hostname()) return false; // another machine on shared storage: never guess
  if (owner.pid === process.pid) return false;
  return !isProcessAlive(owner.pid);
}

export function acquireDataDirLock(dataDir: string, command: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'rapport.lock');
  const me: LockOwner = {
    pid: process.pid,
    hostname: hostname(),
    token: randomUUID(),
    startedAt: new Date().toISOString(),
    command,
  };
  let tookOver: LockOwner | null = null;

  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      writeFileSync(path, JSON.stringify(me), { flag: 'wx' });
      const lock: DataDirLock = {
        path,
        tookOverStaleLock: tookOver,
        release() {
          // Only remove the file if it is still ours.
          if (readOwner(path)?.token === me.token) rmSync(path, { force: true });
        },
      };
      return lock;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = readOwner(path);
    if (!isStale(owner)) throw new DataDirLockedError(path, owner ?? me);
    // Move the stale file aside atomically; if someone else already replaced it, rename
    // moves theirs, so check what we moved and put a live owner's file back.
    const aside = `${path}.stale-${me.token}`;
    try {
      renameSync(path, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    const moved = readOwner(aside);
    if (moved && owner && moved.token !== owner.token && !isStale(moved)) {
      renameSync(aside, path);
      throw new DataDirLockedError(path, moved);
    }
    rmSync(aside, { force: true });
    tookOver = owner;
  }
  throw new Error(`Could not take the lock on ${path}; another process keeps racing for it`);
}
