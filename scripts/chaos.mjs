#!/usr/bin/env node
/**
 * `npm run chaos -- <name> [options]` runs bench/chaos-<name>.ts with tsx: the real server is killed
 * at random moments under load, and the run checks what survived. Exit code 0 when its target is met.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = join(root, 'bench');
const available = readdirSync(benchDir)
  .filter((file) => file.startsWith('chaos-') && file.endsWith('.ts'))
  .map((file) => file.slice('chaos-'.length, -'.ts'.length))
  .sort();

const [name, ...args] = process.argv.slice(2);
if (!name || name === '--help' || name === '-h') {
  console.log('Usage: npm run chaos -- <name> [options]\n\nAvailable chaos runs:');
  for (const run of available) console.log(`  ${run}`);
  process.exit(0);
}
const file = join(benchDir, `chaos-${name}.ts`);
if (!existsSync(file)) {
  console.error(`No chaos run "${name}". Available: ${available.join(', ')}`);
  process.exit(1);
}

const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], { cwd: root, stdio: 'inherit' });
const forward = (signal) => () => child.kill(signal);
process.on('SIGINT', forward('SIGINT'));
process.on('SIGTERM', forward('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
