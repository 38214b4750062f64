/**
 * Memory benchmark (issue 3): resident memory of `npm start` (embedded PGlite, demo data) after it
 * has been idle, against the 300 MiB target. Starts `node apps/cli/bin/rapport.mjs start` (what
 * `npm start` runs) with a fresh data directory and a free port, waits for /readyz, stays idle, then
 * sums VmRSS over the process and its descendants from /proc. Prints figures; asserts nothing.
 *
 * Then, by default, restarts once on the same data directory (no seeding) and measures again.
 *
 *   npm run bench -- memory [--idle 60] [--restarts 1] [--ready-timeout 600]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from './lib/args.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = parseArgs(process.argv.slice(2), ['idle', 'ready-timeout', 'sample-every', 'restarts']);
const idleSeconds = args.number('idle', 60);
const readyTimeoutSeconds = args.number('ready-timeout', 600);
const sampleEverySeconds = Math.max(1, args.number('sample-every', 10));
const restarts = Math.round(args.number('restarts', 1));
const targetMiB = 300;

interface ProcessMemory {
  pid: number;
  command: string;
  rssKiB: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function readProc(pid: number, file: string): string | null {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return null; // the process ended meanwhile
  }
}

/** The process and all its descendants, found through the parent pid in /proc/<pid>/stat. */
function processTree(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProc(Number(entry), 'stat');
    if (!stat) continue;
    // Fields after the command (which is in parentheses and may contain spaces): state, ppid, …
    const afterCommand = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const parent = Number(afterCommand[1]);
    children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const tree: number[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

function treeMemory(rootPid: number): ProcessMemory[] {
  return processTree(rootPid).flatMap((pid) => {
    const status = readProc(pid, 'status');
    const rss = status ? /^VmRSS:\s+(\d+) kB/m.exec(status) : null;
    const command = (readProc(pid, 'cmdline') ?? '').split('\0').join(' ').trim();
    return rss?.[1] ? [{ pid, command, rssKiB: Number(rss[1]) }] : [];
  });
}

const mib = (kiB: number) => kiB / 1024;

/** Where a process's resident memory is: anonymous vs file-backed, and its largest mappings. */
function breakdown(pid: number): string[] {
  const status = readProc(pid, 'status') ?? '';
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  const lines = [`RssAnon ${mib(field('RssAnon')).toFixed(0)} MiB, RssFile ${mib(field('RssFile')).toFixed(0)} MiB, RssShmem ${mib(field('RssShmem')).toFixed(0)} MiB`];
  interface Mapping {
    start: number;
    end: number;
    perms: string;
    name: string;
    rssKiB: number;
  }
  const mappings: Mapping[] = [];
  for (const line of (readProc(pid, 'smaps') ?? '').split('\n')) {
    const header = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (header) {
      mappings.push({ start: parseInt(header[1] ?? '0', 16), end: parseInt(header[2] ?? '0', 16), perms: header[3] ?? '', name: header[4] || '[anonymous]', rssKiB: 0 });
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    const last = mappings[mappings.length - 1];
    if (rss && last) last.rssKiB = Number(rss[1]);
  }
  // A WebAssembly memory (PGlite's database engine) is a read-write region directly followed by a
  // huge inaccessible reservation that it grows into.
  const isWasmMemory = (mapping: Mapping, index: number) => {
    const next = mappings[index + 1];
    return mapping.name === '[anonymous]' && mapping.perms.startsWith('rw') && next !== undefined && next.start === mapping.end && next.perms.startsWith('---') && next.end - next.start >= 2 ** 30;
  };
  const wasm = mappings.filter(isWasmMemory);
  const anonymousKiB = mappings.filter((mapping) => mapping.name === '[anonymous]' || mapping.name === '[heap]').reduce((total, mapping) => total + mapping.rssKiB, 0);
  const wasmKiB = wasm.reduce((total, mapping) => total + mapping.rssKiB, 0);
  lines.push(`WebAssembly memories (PGlite): ${wasm.length}, resident ${mib(wasmKiB).toFixed(0)} MiB of ${mib(wasm.reduce((total, mapping) => total + (mapping.end - mapping.start) / 1024, 0)).toFixed(0)} MiB grown`);
  lines.push(`other anonymous memory (V8 heaps, malloc): ${mib(anonymousKiB - wasmKiB).toFixed(0)} MiB`);
  for (const mapping of [...mappings].sort((a, b) => b.rssKiB - a.rssKiB).slice(0, 5)) {
    lines.push(`  ${mib(mapping.rssKiB).toFixed(0).padStart(5)} MiB resident of ${mib((mapping.end - mapping.start) / 1024).toFixed(0).padStart(7)} MiB mapped  ${mapping.perms} ${mapping.name}`);
  }
  return lines;
}

async function waitUntilReady(url: string, isAlive: () => boolean): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < readyTimeoutSeconds * 1000) {
    if (!isAlive()) throw new Error('rapport start exited before it was ready');
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return (performance.now() - started) / 1000;
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  throw new Error(`${url} did not answer 200 within ${readyTimeoutSeconds} s`);
}

async function runOnce(dataDir: string, label: string): Promise<void> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, RAPPORT_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' };
  delete env['DATABASE_URL']; // measure the embedded default
  console.log(`\n${label}: node apps/cli/bin/rapport.mjs start (= npm start), data dir ${dataDir}, port ${port}`);

  const child = spawn(process.execPath, ['apps/cli/bin/rapport.mjs', 'start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    output.splice(0, Math.max(0, output.length - 40));
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start rapport');
  const sum = (list: ProcessMemory[]) => list.reduce((total, entry) => total + entry.rssKiB, 0);

  try {
    const readySeconds = await waitUntilReady(`http://127.0.0.1:${port}/readyz`, () => child.exitCode === null);
    const atReady = sum(treeMemory(pid));
    console.log(`ready after ${readySeconds.toFixed(1)} s; RSS at ready ${mib(atReady).toFixed(0)} MiB`);
    console.log(`idle for ${idleSeconds} s…`);
    let peakKiB = atReady;
    for (let elapsed = 0; elapsed < idleSeconds; elapsed += sampleEverySeconds) {
      await sleep(Math.min(sampleEverySeconds, idleSeconds - elapsed) * 1000);
      const now = sum(treeMemory(pid));
      peakKiB = Math.max(peakKiB, now);
      console.log(`  t+${Math.min(idleSeconds, elapsed + sampleEverySeconds)} s: ${mib(now).toFixed(0)} MiB`);
    }
    const idle = treeMemory(pid);
    const idleKiB = sum(idle);
    console.log('process tree after idle:');
    for (const entry of idle) console.log(`  ${String(entry.pid).padStart(7)}  ${mib(entry.rssKiB).toFixed(1).padStart(7)} MiB  ${entry.command.slice(0, 90)}`);
    console.log(`breakdown of pid ${pid}:`);
    for (const line of breakdown(pid)) console.log(`  ${line}`);
    const verdict = mib(idleKiB) <= targetMiB ? 'within' : 'OVER';
    console.log(`${label}: resident memory after ${idleSeconds} s idle: ${mib(idleKiB).toFixed(0)} MiB (${verdict} the ${targetMiB} MiB target; peak while idle ${mib(peakKiB).toFixed(0)} MiB)`);
  } catch (error) {
    console.error(`\nlast output of rapport start:\n${output.join('\n')}`);
    throw error;
  } finally {
    const stopping = performance.now();
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(timer);
      console.log(`SIGTERM → exit code ${code} after ${((performance.now() - stopping) / 1000).toFixed(1)} s`);
    }
  }
}

async function main() {
  console.log(`memory benchmark; machine: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'rapport-memory-'));
  try {
    await runOnce(dataDir, 'first start (migrates and seeds the demo)');
    for (let restart = 1; restart <= restarts; restart += 1) await runOnce(dataDir, `restart ${restart} (demo already in the data directory)`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
