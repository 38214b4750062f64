/**
 * `rapport start` as a real process on a PGlite data directory: a second process is refused at
 * once and told who holds the directory; SIGTERM shuts down cleanly and releases the lock;
 * after kill -9 the next start takes the stale lock over and the data is all there.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { childProcessBaseEnv } from '../support/test-env.ts';

const bin = fileURLToPath(new URL('../../apps/cli/bin/rapport.mjs', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'rapport-embedded-'));
const children: ChildProcess[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function rapport(args: string[], port: number) {
  const child = spawn(process.execPath, [bin, ...args], {
    env: {
      ...childProcessBaseEnv,
      RAPPORT_DATA_DIR: dataDir,
      PORT: String(port),
      RAPPORT_SEED_DEMO: 'false',
      // Not an email test: leave port 2525 to the tests that listen on it (they pick free ports).
      RAPPORT_SMTP_ENABLED: 'false',
      RAPPORT_WEB_DIST: join(dataDir, 'no-web'),
      LOG_LEVEL: 'warn',
    },
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
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((response) => response.ok).catch(() => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('rapport did not become ready in time');
}

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('embedded process lifecycle', () => {
  it('locks, refuses a second process, shuts down on SIGTERM, and survives kill -9', async () => {
    const port = await freePort();
    const first = rapport(['start'], port);
    await waitReady(port);
    const lock = JSON.parse(readFileSync(join(dataDir, 'rapport.lock'), 'utf8')) as { pid: number };
    expect(lock.pid).toBe(first.child.pid);

    const second = rapport(['migrate'], port);
    expect(await second.exited).toBe(2);
    expect(second.output()).toContain(`in use by process ${first.child.pid}`);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(existsSync(join(dataDir, 'rapport.lock'))).toBe(false);

    const workspace = rapport(['workspace', 'create', '--slug', 'acme', '--name', 'Acme'], port);
    expect(await workspace.exited).toBe(0);

    const third = rapport(['start'], port);
    await waitReady(port);
    third.child.kill('SIGKILL');
    await third.exited;
    expect(existsSync(join(dataDir, 'rapport.lock'))).toBe(true); // left behind by the killed process

    const fourth = rapport(['start'], port);
    await waitReady(port);
    const doctor = rapport(['doctor'], port);
    expect(await doctor.exited).toBe(0);
    expect(doctor.output()).toContain(`in use by the running server (pid ${fourth.child.pid})`);
    fourth.child.kill('SIGTERM');
    expect(await fourth.exited).toBe(0);

    const token = rapport(['token', 'create', '--workspace', 'acme', '--email', 'nobody@example.test'], port);
    expect(await token.exited).toBe(1);
    expect(token.output()).toContain('not an active member of "acme"'); // the workspace survived kill -9
  }, 240_000);
});
