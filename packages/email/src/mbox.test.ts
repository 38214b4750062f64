import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { splitMbox } from './mbox.ts';

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
async function collect(source: Parameters<typeof splitMbox>[0], options?: Parameters<typeof splitMbox>[1]) {
  const out: string[] = [];
  for await (const message of splitMbox(source, options)) out.push(text(message));
  return out;
}

const mbox = [
  'From alice@example.com Mon Jan  1 00:00:00 2024',
  'From: alice@example.com',
  'Subject: one',
  '',
  'Hello',
  '>From the start, escaped',
  '>>From twice',
  'From inside a paragraph is not a separator',
  '',
  'From bob@example.com Mon Jan  1 00:00:01 2024',
  'From: bob@example.com',
  'Subject: two',
  '',
  'Bye',
  '',
].join('\n');

describe('splitMbox', () => {
  it('splits on From_ lines after a blank line and unescapes >From', async () => {
    const messages = await collect(Buffer.from(mbox));
    expect(messages).toEqual([
      'From: alice@example.com\nSubject: one\n\nHello\nFrom the start, escaped\n>From twice\nFrom inside a paragraph is not a separator\n',
      'From: bob@example.com\nSubject: two\n\nBye\n',
    ]);
  });

  it('gives the same result whatever the chunk boundaries', async () => {
    const whole = await collect(Buffer.from(mbox));
    for (const size of [1, 2, 3, 7, 64]) {
      const chunks: Buffer[] = [];
      for (let index = 0; index < mbox.length; index += size) chunks.push(Buffer.from(mbox.slice(index, index + size)));
      expect(await collect(Readable.from(chunks))).toEqual(whole);
    }
  });

  it('keeps CRLF line endings and ignores a preamble', async () => {
    const messages = await collect(Buffer.from('junk\r\n\r\nFrom a@b Mon\r\nSubject: x\r\n\r\nbody\r\n'));
    expect(messages).toEqual(['Subject: x\r\n\r\nbody\r\n']);
  });

  it('holds at most maxMessageBytes + 1 of a huge message', async () => {
    const big = `From a@b Mon\n${'x'.repeat(99)}\n`.concat('y\n'.repeat(1000));
    const [message] = await collect(Buffer.from(big), { maxMessageBytes: 50 });
    expect(message?.length).toBe(51);
  });

  it('streams many messages without holding the file', async () => {
    async function* generate() {
      for (let index = 0; index < 2000; index += 1) yield Buffer.from(`From x@y Mon\nSubject: ${index}\n\nbody ${index}\n\n`);
    }
    let count = 0;
    for await (const message of splitMbox(generate())) {
      expect(text(message)).toBe(`Subject: ${count}\n\nbody ${count}\n`);
      count += 1;
    }
    expect(count).toBe(2000);
  });
});
