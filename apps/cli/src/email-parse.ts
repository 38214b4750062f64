/**
 * `rapport email parse`: one RFC 5322 message on stdin → the JSON contract on stdout (see
 * packages/email/src/types.ts EmailParseJson). Bad input → {"error":{"code","message"}} and exit 2.
 * Reads at most 50 MB; a larger input is refused as too_large without being read whole.
 */
import type { Command } from 'commander';

async function readLimited(stream: NodeJS.ReadableStream, maxBytes: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += buffer.length;
    if (total > maxBytes) return null;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, total);
}

/** Runs the command; returns the exit code (0 parsed, 2 refused). */
export async function runEmailParse(input: NodeJS.ReadableStream, write: (text: string) => void): Promise<number> {
  const { parseEmail, toParseJson } = await import('@rapport/email/parse');
  const { EmailParseError } = await import('@rapport/email/types');
  const { cliMaxBytes } = await import('@rapport/email/limits');
  const fail = (code: string, message: string) => {
    write(`${JSON.stringify({ error: { code, message } })}\n`);
    return 2;
  };
  const raw = await readLimited(input, cliMaxBytes);
  if (!raw) return fail('too_large', `The message is larger than ${cliMaxBytes} bytes.`);
  try {
    const parsed = await parseEmail(raw, { maxBytes: cliMaxBytes, maxAttachmentBytes: cliMaxBytes });
    write(`${JSON.stringify(toParseJson(parsed))}\n`);
    return 0;
  } catch (error) {
    if (error instanceof EmailParseError) return fail(error.code, error.message);
    return fail('unparseable', `The message could not be parsed: ${(error as Error).message}`);
  }
}

export function registerEmailParse(email: Command): void {
  email
    .command('parse')
    .description('Parse one RFC 5322 message from stdin and print it as JSON (exit 2 when it cannot be processed)')
    .action(async () => {
      process.exitCode = await runEmailParse(process.stdin, (text) => process.stdout.write(text));
    });
}
