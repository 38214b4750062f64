import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
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

/** Builds the agent app when its bundle is missing or older than its sources, so `npm start` needs no extra step. */
export function ensureWebBuilt(print: (line: string) => void): void {
  const indexFile = join(webDir, 'dist', 'index.html');
  const sources = [join(webDir, 'src'), join(webDir, 'index.html'), join(repoRoot, 'packages', 'ui', 'src'), join(repoRoot, 'packages', 'contracts', 'src')].filter((path) => existsSync(path));
  if (existsSync(indexFile)) {
    const built = statSync(indexFile).mtimeMs;
    if (sources.every((source) => newestMtime(source) <= built)) return;
  }
  print('Building the agent app (first start or sources changed)…');
  const result = spawnSync('npm', ['run', 'build', '-w', '@rapport/web'], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('Building the agent app failed; see the output above.');
}
