import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { childProcessBaseEnv } from '../../../tests/support/test-env.ts';

const bin = fileURLToPath(new URL('../bin/rapport.mjs', import.meta.url));

function run(input: Buffer): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'email', 'parse'], { env: childProcessBaseEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

describe('rapport email parse', { timeout: 60_000 }, () => {
  it('prints the JSON contract for a message', async () => {
    const raw = Buffer.from('From: Jane <jane@example.com>\r\nTo: help@example.com\r\nSubject: Hi\r\nMessage-ID: <m1@example.com>\r\nDate: Tue, 2 Jan 2024 10:00:00 +0000\r\n\r\nWhere is my order?\r\n\r\n> old\r\n');
    const result = await run(raw);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['messageId', 'inReplyTo', 'references', 'from', 'to', 'cc', 'subject', 'date', 'text', 'html', 'reply', 'attachments', 'autoSubmitted', 'bounce', 'language', 'warnings']);
    expect(json).toMatchObject({ messageId: 'm1@example.com', from: { address: 'jane@example.com', name: 'Jane' }, reply: 'Where is my order?', date: '2024-01-02T10:00:00.000Z' });
  });

  it('answers bad input with {"error":{code,message}} and exit code 2', async () => {
    const noFrom = await run(Buffer.from('Subject: x\r\n\r\nbody\r\n'));
    expect(noFrom.code).toBe(2);
    expect(JSON.parse(noFrom.stdout)).toEqual({ error: { code: 'no_from', message: expect.any(String) } });
    const empty = await run(Buffer.alloc(0));
    expect(empty.code).toBe(2);
    expect(JSON.parse(empty.stdout).error.code).toBe('unparseable');
  });

  it('refuses more than 50 MB as too_large', async () => {
    const big = Buffer.alloc(50 * 1024 * 1024 + 10, 0x61);
    const result = await run(big);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).error.code).toBe('too_large');
  });
});
