#!/usr/bin/env node
// `npm test`: typecheck, lint, then every vitest project that can run on this machine.
// PostgreSQL tests need TEST_DATABASE_URL; browser tests need Chromium. What cannot run is
// announced loudly, and with CI=true (or RAPPORT_FAIL_ON_SKIP=1) anything skipped fails the run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import pg from 'pg';

const env = process.env;
const isStrict = env.CI === 'true' || env.RAPPORT_FAIL_ON_SKIP === '1';
const chromium = env.CHROMIUM_PATH || '/usr/bin/chromium';
const skipped = [];

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  return result.status ?? 1;
}

function banner(lines) {
  const width = Math.max(...lines.map((line) => line.length)) + 4;
  const bar = '!'.repeat(width);
  console.log(`\n${bar}\n${lines.map((line) => `! ${line.padEnd(width - 4)} !`).join('\n')}\n${bar}\n`);
}

async function postgresAnswers(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (error) {
    console.log(`TEST_DATABASE_URL does not answer: ${error.message}`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const projects = ['unit', 'int-pglite', 'serial-pglite'];
if (!env.TEST_DATABASE_URL) skipped.push('int-postgres, serial-postgres: TEST_DATABASE_URL is not set (integration tests ran on PGlite only)');
else if (await postgresAnswers(env.TEST_DATABASE_URL)) projects.push('int-postgres', 'serial-postgres');
else skipped.push('int-postgres, serial-postgres: TEST_DATABASE_URL is set but PostgreSQL does not answer');
if (existsSync(chromium)) projects.push('e2e');
else skipped.push(`e2e: no Chromium at ${chromium} (browser journeys not run; apt-get install chromium)`);
// The IMAP tests start a private Dovecot; without it vitest skips them (and they count as skipped below).
if (!existsSync('/usr/sbin/dovecot')) skipped.push('IMAP: no Dovecot at /usr/sbin/dovecot (tests/integration/email-imap*.int.test.ts skipped; apt-get install dovecot-imapd)');

if (skipped.length > 0) banner(['SKIPPING — these tests will NOT run here:', ...skipped.map((line) => `  - ${line}`)]);

let failed = 0;
console.log('> typecheck');
failed += run('npm', ['run', '--silent', 'typecheck']) === 0 ? 0 : 1;
console.log('> lint');
failed += run('npx', ['eslint', '.']) === 0 ? 0 : 1;

mkdirSync('test-results', { recursive: true });
const reportFile = 'test-results/vitest.json';
console.log(`> vitest: ${projects.join(', ')}`);
const vitestStatus = run('npx', [
  'vitest',
  'run',
  ...projects.flatMap((project) => ['--project', project]),
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${reportFile}`,
]);

let passed = 0;
let failedTests = 0;
let skippedTests = 0;
if (existsSync(reportFile)) {
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  passed = report.numPassedTests ?? 0;
  failedTests = report.numFailedTests ?? 0;
  skippedTests = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}
if (skippedTests > 0) skipped.push(`${skippedTests} test(s) marked skip/todo`);
if (vitestStatus !== 0 && failedTests === 0) failedTests = 1; // a suite failed to load or a hook failed

if (skipped.length > 0) banner(['SKIPPED in this run:', ...skipped.map((line) => `  - ${line}`), isStrict ? 'CI mode: skipping counts as failure.' : 'Set TEST_DATABASE_URL and install Chromium and Dovecot to run everything.']);
if (failed > 0) console.log(`typecheck/lint: ${failed} step(s) failed`);
console.log(`tests: ${passed} passed, ${failedTests} failed, ${skippedTests} skipped`);
const isFailure = failed > 0 || failedTests > 0 || vitestStatus !== 0 || (isStrict && skipped.length > 0);
process.exit(isFailure ? 1 : 0);
