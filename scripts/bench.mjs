#!/usr/bin/env node
/**
 * `npm run bench -- <name> [options]` runs bench/<name>.bench.ts with tsx.
 * Benchmarks print figures; they assert nothing and are not tests.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = join(root, 'bench');
const available = readdirSync(benchDir)
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.slice(0, -'.bench.ts'.length))
  .sort();

const [name, ...args] = process.argv.slice(2);
if (!name || name === '--help' || name === '-h') {
  console.log('Usage: npm run bench -- <name> [options]\n\nAvailable benchmarks:');
  for (const bench of available) console.log(`  ${bench}`);
  process.exit(0);
}
const file = join(benchDir, `${name}.bench.ts`);
if (!existsSync(file)) {
  console.error(`No benchmark "${name}". Available: ${available.join(', ')}`);
  process.exit(1);
}

const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], { cwd: root, stdio: 'inherit' });
const forward = (signal) => () => child.kill(signal);
process.on('SIGINT', forward('SIGINT'));
process.on('SIGTERM', forward('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
