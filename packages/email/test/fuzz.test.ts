/**
 * Property fuzzing: 2,400 generated and mutated messages (random headers, nesting, encodings,
 * truncations, null bytes, huge headers, many recipients, deep message/rfc822 nesting, byte flips
 * of corpus messages). Each one either parses to a ParsedEmail or throws EmailParseError with a
 * known code; nothing else is thrown and nothing takes longer than the timeout.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isQuarantineReason, parseEmail, toParseJson } from '../src/parse.ts';
import { EmailParseError } from '../src/types.ts';

const corpus = join(import.meta.dirname, '../../../../shared/corpus/email');
const seeds: Buffer[] = [
  ...readdirSync(join(corpus, 'mailparser/fixtures'))
    .filter((name) => !/large|outofmemory/.test(name))
    .map((name) => readFileSync(join(corpus, 'mailparser/fixtures', name))),
  ...readdirSync(join(corpus, 'talon/fixtures/standard_replies'))
    .filter((name) => name.endsWith('.eml'))
    .map((name) => readFileSync(join(corpus, 'talon/fixtures/standard_replies', name))),
];

const timeoutMs = 5000;
let outcomes = { parsed: 0, quarantined: 0 };

async function check(raw: Uint8Array): Promise<void> {
  const started = performance.now();
  try {
    const parsed = await parseEmail(raw, { timeoutMs });
    // The contract must serialise.
    JSON.stringify(toParseJson(parsed));
    expect(parsed.from?.address).toMatch(/@/);
    outcomes.parsed += 1;
  } catch (error) {
    if (!(error instanceof EmailParseError) || !isQuarantineReason(error.code)) throw error;
    outcomes.quarantined += 1;
  }
  expect(performance.now() - started).toBeLessThan(timeoutMs + 500);
}

const token = fc.stringMatching(/^[A-Za-z0-9._-]{1,12}$/);
const address = fc.tuple(token, token).map(([local, domain]) => `${local}@${domain}.example`);
const headerName = fc.constantFrom('From', 'To', 'Cc', 'Subject', 'Date', 'Message-ID', 'In-Reply-To', 'References', 'Content-Type', 'Content-Transfer-Encoding', 'Auto-Submitted', 'Precedence', 'List-Id', 'X-Random');
const headerValue = fc.oneof(
  fc.string({ maxLength: 80 }),
  address,
  fc.constantFrom('text/plain; charset=utf-8', 'text/html; charset=iso-8859-1', 'multipart/mixed; boundary=zz', 'multipart/alternative; boundary="a b"', 'message/rfc822', 'text/plain; charset=x-bogus', 'base64', 'quoted-printable', '=?utf-8?B?SGVsbG8=?=', '=?bogus?Q?x?=', 'auto-replied', 'bulk', ''),
);
const body = fc.oneof(
  fc.string({ maxLength: 400 }),
  fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  fc.base64String({ maxLength: 400 }),
  fc.constantFrom('--zz\r\nContent-Type: text/plain\r\n\r\nhi\r\n--zz--\r\n', '<html><body><div>x<script>y</script></div></body></html>', '=E9=\r\n=ZZ', '> quoted\r\nOn x wrote:\r\n'),
);

const generated = fc
  .tuple(fc.array(fc.tuple(headerName, headerValue), { maxLength: 12 }), fc.boolean(), address, body, fc.boolean())
  .map(([headers, withFrom, from, text, crlf]) => {
    const lines = headers.map(([name, value]) => `${name}: ${value}`);
    if (withFrom) lines.unshift(`From: ${from}`);
    const eol = crlf ? '\r\n' : '\n';
    return Buffer.from(`${lines.join(eol)}${eol}${eol}${text}`, 'latin1');
  });

function nestedStructure(depth: number, kind: 'message' | 'multipart'): Buffer {
  let inner = 'From: a@b.example\r\nContent-Type: text/plain\r\n\r\nleaf\r\n';
  for (let level = depth; level > 0; level -= 1) {
    inner =
      kind === 'message'
        ? `From: a@b.example\r\nContent-Type: message/rfc822\r\n\r\n${inner}`
        : `From: a@b.example\r\nContent-Type: multipart/mixed; boundary=n${level}\r\n\r\n--n${level}\r\n${inner.replace(/^From: a@b.example\r\n/, '')}\r\n--n${level}--\r\n`;
  }
  return Buffer.from(inner);
}

const structural = fc.oneof(
  fc.record({ depth: fc.integer({ min: 1, max: 60 }), kind: fc.constantFrom<'message' | 'multipart'>('message', 'multipart') }).map(({ depth, kind }) => nestedStructure(depth, kind)),
  fc.integer({ min: 1, max: 900 }).map((count) => Buffer.from(`From: a@b.example\r\nTo: ${Array.from({ length: count }, (_, index) => `r${index}@b.example`).join(', ')}\r\n\r\nhi`)),
  fc.integer({ min: 1, max: 400 }).map((kb) => Buffer.from(`From: a@b.example\r\nX-Huge: ${'h'.repeat(kb * 1024)}\r\n\r\nhi`)),
  fc.integer({ min: 1, max: 700 }).map((count) => Buffer.from(`From: a@b.example\r\nContent-Type: multipart/mixed; boundary=p\r\n\r\n${'--p\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=x\r\n\r\nx\r\n'.repeat(count)}--p--\r\n`)),
  fc.integer({ min: 1, max: 5000 }).map((count) => Buffer.from(`From: a@b.example\r\nContent-Type: text/html\r\n\r\n${'<div><table><tr><td>'.repeat(count)}x`)),
);

const mutated = fc
  .tuple(fc.integer({ min: 0, max: seeds.length - 1 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 20 }), fc.option(fc.nat(), { nil: undefined }), fc.boolean())
  .map(([seedIndex, flips, truncateAt, insertNull]) => {
    const bytes = Buffer.from(seeds[seedIndex] as Buffer);
    for (const [position, value] of flips) bytes[position % bytes.length] = value;
    let out = truncateAt === undefined ? bytes : bytes.subarray(0, truncateAt % (bytes.length + 1));
    if (insertNull) out = Buffer.concat([out.subarray(0, out.length >> 1), Buffer.from([0, 0]), out.subarray(out.length >> 1)]);
    return out;
  });

describe('fuzzing parseEmail', { timeout: 120_000 }, () => {
  it('generated messages: parsed or quarantined with a known code', async () => {
    await fc.assert(fc.asyncProperty(generated, check), { numRuns: 1000 });
  });

  it('structural extremes: nesting, recipients, huge headers, many parts, deep HTML', async () => {
    await fc.assert(fc.asyncProperty(structural, check), { numRuns: 200 });
  });

  it('byte flips, truncations and null bytes of corpus messages', async () => {
    await fc.assert(fc.asyncProperty(mutated, check), { numRuns: 1200 });
    // Both outcomes happen: the properties are not vacuous.
    expect(outcomes.parsed).toBeGreaterThan(100);
    expect(outcomes.quarantined).toBeGreaterThan(100);
    outcomes = { parsed: 0, quarantined: 0 };
  });
});
