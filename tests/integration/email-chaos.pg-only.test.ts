/**
 * CI's short chaos run (`npm run chaos -- email --kills 5`): the real server (`rapport serve
 * --role all` on its own fresh PostgreSQL database) receives mail over SMTP and sends agent replies
 * through a recording smtp-server relay while it is SIGKILLed 5 times. Every mail that got 250
 * exists exactly once, every acknowledged reply reached the relay, and duplicate sends stay within
 * one per kill.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { childProcessBaseEnv, testDatabaseUrl } from '../support/test-env.ts';

const script = fileURLToPath(new URL('../../scripts/chaos.mjs', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));

interface ChaosSummary {
  kills: number;
  mailAccepted: number;
  lostReceipts: number;
  unprocessed: number;
  duplicateReceipts: number;
  duplicateMessages: number;
  repliesAcknowledged: number;
  repliesNotQueued: number;
  repliesNotDelivered: number;
  duplicateSends: number;
  duplicateReplies: number;
  duplicateCustomerEmails: number;
  lost: number;
  passed: boolean;
}

function runChaos(args: string[], timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, 'email', ...args], { cwd: root, env: { ...childProcessBaseEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`chaos run did not finish in ${timeoutMs} ms:\n${stderr.slice(-3000)}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('email chaos (short)', () => {
  it('loses nothing across 5 SIGKILLs of the server', async () => {
    const url = testDatabaseUrl ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const result = await runChaos(['--kills', '5', '--json', '--url', url, '--min-uptime-ms', '1000', '--max-uptime-ms', '3000', '--drain-timeout', '150'], 420_000);
    const last = result.stdout.trim().split('\n').pop() ?? '';
    let summary: ChaosSummary;
    try {
      summary = JSON.parse(last) as ChaosSummary;
    } catch {
      throw new Error(`no summary (exit ${result.code}):\n${result.stderr.slice(-4000)}`);
    }
    expect(summary.kills).toBeGreaterThanOrEqual(5);
    expect(summary.mailAccepted).toBeGreaterThan(20);
    expect(summary.repliesAcknowledged).toBeGreaterThan(0);
    expect({
      lostReceipts: summary.lostReceipts,
      unprocessed: summary.unprocessed,
      duplicateReceipts: summary.duplicateReceipts,
      duplicateMessages: summary.duplicateMessages,
      repliesNotQueued: summary.repliesNotQueued,
      repliesNotDelivered: summary.repliesNotDelivered,
    }).toEqual({ lostReceipts: 0, unprocessed: 0, duplicateReceipts: 0, duplicateMessages: 0, repliesNotQueued: 0, repliesNotDelivered: 0 });
    // Target: at most one duplicate email to a customer per kill (resends and replies queued twice).
    expect(summary.duplicateCustomerEmails).toBe(summary.duplicateSends + summary.duplicateReplies);
    expect(summary.duplicateCustomerEmails).toBeLessThanOrEqual(summary.kills);
    expect(summary.passed).toBe(true);
    expect(result.code).toBe(0);
  }, 450_000);
});
