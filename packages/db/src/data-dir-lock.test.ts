import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError } from './data-dir-lock.ts';

const directory = () => mkdtempSync(join(tmpdir(), 'rapport-lock-'));

/** A real second process that holds the lock until stdin closes. */
function holdLockInChild(dataDir: string): Promise<{ pid: number; stop: () => Promise<void>; kill: () => Promise<void> }> {
  const script = `
    import { acquireDataDirLock } from ${JSON.stringify(new URL('./data-dir-lock.ts', import.meta.url).pathname)};
    acquireDataDirLock(${JSON.stringify(dataDir)}, 'child holder');
    process.stdout.write('held\\n');
    process.stdin.resume();
    process.stdin.on('end', () => process.exit(0));`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', () =>
      resolve({
        pid: child.pid ?? -1,
        stop: () => new Promise((done) => (child.once('exit', () => done()), child.stdin.end())),
        kill: () => new Promise((done) => (child.once('exit', () => done()), child.kill('SIGKILL'))),
      }),
    );
  });
}

describe('data directory lock', () => {
  it('refuses a second process at once, naming the holder pid, and lets go on release', async () => {
    const dataDir = directory();
    const holder = await holdLockInChild(dataDir);
    let caught: unknown;
    try {
      acquireDataDirLock(dataDir, 'test');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DataDirLockedError);
    expect((caught as Error).message).toContain(`process ${holder.pid}`);
    expect((caught as Error).message).toContain('child holder');
    await holder.stop();
  }, 30_000);

  it('takes over the lock of a process killed with SIGKILL', async () => {
    const dataDir = directory();
    const holder = await holdLockInChild(dataDir);
    await holder.kill();
    const lock = acquireDataDirLock(dataDir, 'test');
    expect(lock.tookOverStaleLock?.pid).toBe(holder.pid);
    expect(JSON.parse(readFileSync(lock.path, 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
  }, 30_000);

  it('treats an empty or garbled lock file (killed mid-write) as stale', () => {
    const dataDir = directory();
    writeFileSync(join(dataDir, 'rapport.lock'), '{"pid": 12');
    const lock = acquireDataDirLock(dataDir, 'test');
    expect(JSON.parse(readFileSync(lock.path, 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
  });

  it('release removes only its own lock', () => {
    const dataDir = directory();
    const lock = acquireDataDirLock(dataDir, 'test');
    writeFileSync(lock.path, JSON.stringify({ pid: 1, hostname: 'elsewhere', token: 'someone-else', startedAt: '', command: '' }));
    lock.release();
    expect(existsSync(lock.path)).toBe(true);
  });
});
