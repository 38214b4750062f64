/**
 * The 50 MB bound: generated 50 MB messages (a base64 attachment, plain text, HTML, the mailparser
 * out-of-memory and large-call-stack HTML bodies repeated to 50 MB) parse within 2 s each in
 * process. The CLI adds its own start-up on top (see the report). Body text parts beyond 8 MB are
 * cut before mailparser reads them (structure.ts); attachments never are.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliMaxBytes, defaultParseLimits } from '../src/limits.ts';
import { parseEmail } from '../src/parse.ts';
import { cutOversizedText, maxTextBodyBytes, scanStructure } from '../src/structure.ts';

const corpus = join(import.meta.dirname, '../../../../shared/corpus/email/mailparser/fixtures');
const target = cliMaxBytes - 4096;
const head = (contentType: string) => `From: A <a@example.com>\r\nTo: b@example.com\r\nSubject: big\r\nDate: Mon, 1 Jan 2024 00:00:00 +0000\r\nMessage-ID: <big@example.com>\r\nContent-Type: ${contentType}\r\n\r\n`;
const fill = (prefix: string, unit: string) => Buffer.from(prefix + unit.repeat(Math.floor((target - prefix.length) / unit.length)), 'latin1');

function fromFixture(name: string): Buffer {
  const source = readFileSync(join(corpus, name), 'latin1');
  const match = /\r?\n\r?\n/.exec(source) as RegExpExecArray;
  const body = source.slice(match.index + match[0].length);
  return fill(source.slice(0, match.index + match[0].length), body);
}

const inputs: [string, () => Buffer][] = [
  ['base64 attachment', () => {
    const data = randomBytes(Math.floor((target * 3 * 76) / (4 * 78)) - 1024).toString('base64').replace(/.{76}/g, '$&\r\n');
    return Buffer.from(`${head('multipart/mixed; boundary="XX"')}--XX\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--XX\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename="a.bin"\r\n\r\n${data}\r\n--XX--\r\n`);
  }],
  ['plain text', () => fill(head('text/plain; charset=utf-8'), 'The quick brown fox jumps over the lazy dog again and again.\r\n')],
  ['HTML', () => fill(head('text/html; charset=utf-8'), '<div><p style="color:red">Hello <b>world</b> <a href="https://x.example/">link</a></p></div>\r\n')],
  ['one 50 MB line', () => fill(head('text/plain'), 'a')],
  ['outofmemory.eml body', () => fromFixture('outofmemory.eml')],
  ['htmllargecallstack.eml body', () => fromFixture('htmllargecallstack.eml')],
];

describe('50 MB inputs', { timeout: 60_000 }, () => {
  it.each(inputs)('%s parses in under 2 s of CPU', async (name, make) => {
    const raw = make();
    expect(raw.length).toBeLessThanOrEqual(cliMaxBytes);
    expect(raw.length).toBeGreaterThan(cliMaxBytes - 1024 * 1024);
    const started = performance.now();
    const cpu = process.cpuUsage();
    const parsed = await parseEmail(raw, { maxBytes: cliMaxBytes, maxAttachmentBytes: cliMaxBytes });
    const used = process.cpuUsage(cpu);
    const elapsed = performance.now() - started;
    const cpuMs = (used.user + used.system) / 1000;
    expect(parsed.from?.address).toMatch(/@/);
    // CPU time is what the parse costs; wall time on a shared 2-core machine also counts the others.
    expect(cpuMs, `cpu ${cpuMs.toFixed(0)} ms, wall ${elapsed.toFixed(0)} ms`).toBeLessThan(2000);
    expect(elapsed).toBeLessThan(6000);
    process.stdout.write(`[50 MB] ${name}: wall ${elapsed.toFixed(0)} ms, cpu ${cpuMs.toFixed(0)} ms\n`);
  });
});

describe('body text parts beyond 8 MB', { timeout: 60_000 }, () => {
  const line = (text: string) => `${text}\r\n`;
  const body = (unit: string, bytes: number) => unit.repeat(Math.ceil(bytes / unit.length));

  it('are cut before mailparser reads them; attachments and the parts after them stay whole', async () => {
    const attachment = body('attached text line that must arrive complete\r\n', maxTextBodyBytes + 1024 * 1024);
    const raw = Buffer.from([
      head('multipart/mixed; boundary="OUT"'),
      line('--OUT'),
      line('Content-Type: multipart/alternative; boundary="ALT"'),
      line(''),
      line('--ALT'),
      line('Content-Type: text/plain; charset=utf-8'),
      line(''),
      body('plain words of the message body\r\n', maxTextBodyBytes + 2 * 1024 * 1024),
      line('--ALT'),
      line('Content-Type: text/html; charset=utf-8'),
      line(''),
      body('<p>html words of the message body</p>\r\n', maxTextBodyBytes + 2 * 1024 * 1024),
      line('--ALT--'),
      line('--OUT'),
      line('Content-Type: text/plain; name="notes.txt"'),
      line('Content-Disposition: attachment; filename="notes.txt"'),
      line(''),
      attachment,
      line('--OUT--'),
    ].join(''), 'latin1');

    const structure = scanStructure(raw, { ...defaultParseLimits, maxBytes: cliMaxBytes });
    expect(structure.oversizedText.map((part) => part.kind)).toEqual(['text', 'html']);
    const cut = cutOversizedText(raw, structure.oversizedText);
    expect(cut.byteLength).toBeLessThan(raw.length - 2 * 2 * 1024 * 1024);

    const parsed = await parseEmail(raw, { maxBytes: cliMaxBytes, maxAttachmentBytes: cliMaxBytes });
    expect(parsed.warnings).toEqual(expect.arrayContaining(['text_truncated', 'html_truncated']));
    expect(parsed.text.startsWith('plain words of the message body\n')).toBe(true);
    expect(parsed.text.length).toBeLessThanOrEqual(maxTextBodyBytes);
    // Whole lines only: the cut falls on a line break.
    expect(parsed.text.trimEnd().endsWith('plain words of the message body')).toBe(true);
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0]?.filename).toBe('notes.txt');
    expect(parsed.attachments[0]?.size).toBe(Buffer.byteLength(attachment.replace(/\r\n$/, '')));
  });

  it('cuts one unbroken quoted-printable line outside an escape', async () => {
    const raw = Buffer.from(`${head('text/plain; charset=utf-8').replace('\r\n\r\n', '\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n')}${body('caf=C3=A9 ', maxTextBodyBytes + 4096)}`, 'latin1');
    const structure = scanStructure(raw, { ...defaultParseLimits, maxBytes: cliMaxBytes });
    expect(structure.oversizedText).toHaveLength(1);
    const parsed = await parseEmail(raw, { maxBytes: cliMaxBytes, maxAttachmentBytes: cliMaxBytes });
    expect(parsed.warnings).toContain('text_truncated');
    expect(parsed.text.startsWith('café café')).toBe(true);
    expect(parsed.text).not.toContain('\uFFFD');
    expect(parsed.text).not.toMatch(/=[0-9A-F]?$/);
  });

  it('never cuts inside an attached message (message/rfc822)', async () => {
    const inner = `From: B <b@example.com>\r\nSubject: forwarded\r\nContent-Type: text/plain\r\n\r\n${body('forwarded line of text\r\n', maxTextBodyBytes + 1024 * 1024)}`;
    const raw = Buffer.from(
      [
        head('multipart/mixed; boundary="OUT"'),
        line('--OUT'),
        line('Content-Type: text/plain'),
        line(''),
        line('see the forwarded message'),
        line('--OUT'),
        line('Content-Type: message/rfc822'),
        line(''),
        inner,
        line('--OUT--'),
      ].join(''),
      'latin1',
    );
    const structure = scanStructure(raw, { ...defaultParseLimits, maxBytes: cliMaxBytes });
    expect(structure.oversizedText).toEqual([]);
    const parsed = await parseEmail(raw, { maxBytes: cliMaxBytes, maxAttachmentBytes: cliMaxBytes });
    expect(parsed.warnings).not.toContain('text_truncated');
    expect(parsed.attachments.find((attachment) => attachment.contentType === 'message/rfc822')?.size).toBe(Buffer.byteLength(inner.replace(/\r\n$/, '')));
  });

  it('leaves a body text part within the bound alone', () => {
    const raw = Buffer.from(`${head('text/plain')}${body('short line\r\n', maxTextBodyBytes - 4096)}`, 'latin1');
    const structure = scanStructure(raw, { ...defaultParseLimits, maxBytes: cliMaxBytes });
    expect(structure.oversizedText).toEqual([]);
    expect(cutOversizedText(raw, structure.oversizedText)).toBe(raw);
  });
});
