import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = fileURLToPath(new URL('../../web', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/**
 * Written beside the bundle after a production build. A bundle without it was built by an older
 * version of this step, which inherited the caller's NODE_ENV: under vitest (NODE_ENV=test) that
 * gave React's development build, whose StrictMode mounts every effect twice (each ticket-page
 * request was made twice) and which renders several times slower.
 */
const buildMarker = 'production\n';

function isBuildCurrent(indexFile: string, sources: string[]): boolean {
  if (!existsSync(indexFile)) return false;
  const markerFile = join(indexFile, '..', '.build-mode');
  if (!existsSync(markerFile) || readFileSync(markerFile, 'utf8') !== buildMarker) return false;
  const built = statSync(indexFile).mtimeMs;
  return sources.every((source) => newestMtime(source) <= built);
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Builds the agent app when its bundle is missing or older than its sources, so `npm start` needs no extra step.
 * Two processes starting at once (parallel test runs, two terminals) build one at a time: a lock
 * directory beside `dist` serialises them, and the second finds the bundle current and returns.
 */
export function ensureWebBuilt(print: (line: string) => void): void {
  const indexFile = join(webDir, 'dist', 'index.html');
  const sources = [join(webDir, 'src'), join(webDir, 'index.html'), join(repoRoot, 'packages', 'ui', 'src'), join(repoRoot, 'packages', 'contracts', 'src')].filter((path) => existsSync(path));
  if (isBuildCurrent(indexFile, sources)) return;
  const lockDir = join(webDir, '.build-lock');
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch {
      // Another build holds the lock; a lock older than five minutes belongs to a dead process.
      const held = statSync(lockDir, { throwIfNoEntry: false });
      if (!held) continue;
      if (Date.now() - held.mtimeMs > 5 * 60_000 || Date.now() > deadline) {
        rmSync(lockDir, { recursive: true, force: true });
      } else sleepSync(500);
    }
  }
  try {
    if (isBuildCurrent(indexFile, sources)) return;
    print('Building the agent app (first start or sources changed)…');
    // Always a production bundle: Vite keeps an inherited NODE_ENV (vitest sets `test`), and React
    // then ships its development build. env(1) sets it without this module reading process.env.
    const result = spawnSync('env', ['NODE_ENV=production', 'npm', 'run', 'build', '-w', '@rapport/web'], { cwd: repoRoot, stdio: 'inherit' });
    if (result.status !== 0) throw new Error('Building the agent app failed; see the output above.');
    writeFileSync(join(webDir, 'dist', '.build-mode'), buildMarker);
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}
