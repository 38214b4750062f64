import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseEmail, safeFilename, toParseJson } from './parse.ts';
import { EmailParseError } from './types.ts';

const message = (headers: string, body: string) => Buffer.from(`${headers.trim().replace(/\n/g, '\r\n')}\r\n\r\n${body}`);
const basic = 'From: Jane Doe <jane@example.com>\nTo: help@example.com\nSubject: Order 12\nDate: Tue, 2 Jan 2024 10:00:00 +0100\nMessage-ID: <abc@example.com>';

async function code(raw: Uint8Array, limits?: Parameters<typeof parseEmail>[1]) {
  try {
    await parseEmail(raw, limits);
    return 'parsed';
  } catch (error) {
    expect(error).toBeInstanceOf(EmailParseError);
    return (error as EmailParseError).code;
  }
}

function nested(depth: number): Buffer {
  let body = 'From: a@example.com\r\nContent-Type: text/plain\r\n\r\ninner\r\n';
  for (let level = 0; level < depth; level += 1) {
    body = `From: a@example.com\r\nContent-Type: message/rfc822\r\n\r\n${body}`;
  }
  return Buffer.from(body);
}

function zipWithDeclaredSize(uncompressed: number): Buffer {
  const data = deflateRawSync(Buffer.alloc(1000));
  const name = Buffer.from('bomb.txt');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(uncompressed, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(uncompressed, 24);
  central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(local.length + name.length + data.length, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

describe('parseEmail', () => {
  it('parses a simple message into the contract', async () => {
    const parsed = await parseEmail(message(`${basic}\nIn-Reply-To: <prev@example.com>\nReferences: <first@example.com> <prev@example.com>`, 'Where is my order?\r\n\r\nOn Mon, 1 Jan 2024 at 09:00, Help <help@example.com> wrote:\r\n> We shipped it.\r\n'));
    const json = toParseJson(parsed);
    expect(Object.keys(json)).toEqual(['messageId', 'inReplyTo', 'references', 'from', 'to', 'cc', 'subject', 'date', 'text', 'html', 'reply', 'attachments', 'autoSubmitted', 'bounce', 'language', 'warnings']);
    expect(json).toMatchObject({
      messageId: 'abc@example.com',
      inReplyTo: 'prev@example.com',
      references: ['first@example.com', 'prev@example.com'],
      from: { address: 'jane@example.com', name: 'Jane Doe' },
      to: [{ address: 'help@example.com', name: '' }],
      subject: 'Order 12',
      date: '2024-01-02T09:00:00.000Z',
      html: null,
      reply: 'Where is my order?',
      autoSubmitted: null,
      bounce: null,
      language: 'en',
      warnings: [],
    });
    expect(parsed.quotedText).toContain('We shipped it.');
  });

  it('refuses what is too large, too nested or too many', async () => {
    expect(await code(message(basic, 'x'.repeat(2000)), { maxBytes: 1000 })).toBe('too_large');
    expect(await code(message(`${basic}\nX-Big: ${'a'.repeat(300 * 1024)}`, 'x'))).toBe('header_too_large');
    expect(await code(nested(30))).toBe('too_deeply_nested');
    expect(await code(nested(5))).toBe('parsed');
    const parts = Array.from({ length: 600 }, (_, index) => `--b\r\nContent-Type: text/plain\r\n\r\npart ${index}\r\n`).join('');
    expect(await code(message(`${basic}\nContent-Type: multipart/mixed; boundary=b`, `${parts}--b--\r\n`))).toBe('too_many_parts');
    const files = Array.from({ length: 120 }, (_, index) => `--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="f${index}.bin"\r\n\r\nx\r\n`).join('');
    expect(await code(message(`${basic}\nContent-Type: multipart/mixed; boundary=b`, `${files}--b--\r\n`))).toBe('too_many_attachments');
    const big = `--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="big.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.alloc(3000, 7).toString('base64')}\r\n--b--\r\n`;
    expect(await code(message(`${basic}\nContent-Type: multipart/mixed; boundary=b`, big), { maxAttachmentBytes: 2000 })).toBe('attachment_too_large');
    expect(await code(message(`${basic}\nContent-Type: multipart/mixed; boundary=b`, big), { maxAttachmentBytes: 4000 })).toBe('parsed');
    const many = Array.from({ length: 600 }, (_, index) => `u${index}@example.com`).join(', ');
    expect(await code(message(basic.replace('To: help@example.com', `To: ${many}`), 'hi'))).toBe('too_many_recipients');
  });

  it('refuses 10,000 levels of multipart nesting in milliseconds', async () => {
    let body = 'leaf\r\n';
    for (let level = 9_999; level >= 0; level -= 1) body = `--b${level}\r\nContent-Type: multipart/mixed; boundary=b${level + 1}\r\n\r\n${body}--b${level}--\r\n`;
    const started = performance.now();
    expect(await code(message(`${basic}\nContent-Type: multipart/mixed; boundary=b0`, body))).toBe('too_deeply_nested');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('quarantines a message without a usable From', async () => {
    expect(await code(message('To: a@example.com\nSubject: x', 'hi'))).toBe('no_from');
    expect(await code(message('From: undisclosed-recipients:;\nSubject: x', 'hi'))).toBe('no_from');
    expect(await code(Buffer.from(''))).toBe('unparseable');
  });

  it('flags a zip that declares a bomb, keeps an ordinary one', async () => {
    const attach = (zip: Buffer) =>
      message(`${basic}\nContent-Type: multipart/mixed; boundary=b`, `--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--b\r\nContent-Type: application/zip\r\nContent-Disposition: attachment; filename="a.zip"\r\nContent-Transfer-Encoding: base64\r\n\r\n${zip.toString('base64')}\r\n--b--\r\n`);
    expect(await code(attach(zipWithDeclaredSize(4000 * 1024 * 1024)))).toBe('decompression_bomb');
    const ordinary = await parseEmail(attach(zipWithDeclaredSize(1000)));
    expect(ordinary.attachments[0]).toMatchObject({ filename: 'a.zip', contentType: 'application/zip', inline: false });
  });

  it('turns null bytes, unknown charsets and a missing date into warnings', async () => {
    const parsed = await parseEmail(Buffer.concat([message(basic.replace(/\nDate:.*/, '').concat('\nContent-Type: text/plain; charset=x-unknown-9'), 'Hel'), Buffer.from([0]), Buffer.from('lo')]));
    expect(parsed.text).toBe('Hello');
    expect(parsed.warnings).toEqual(expect.arrayContaining(['null_bytes_removed', 'charset_fallback', 'missing_date']));
    expect(parsed.date).toBeNull();
  });

  it('sanitises HTML, derives text and the reply from an HTML-only message', async () => {
    const html = '<div>Thanks!<img src="https://t.example/o.gif" onerror="x()"></div><div class="gmail_quote">On Mon, 1 Jan 2024 at 09:00, Help &lt;help@example.com&gt; wrote:<blockquote>old</blockquote></div><script>steal()</script>';
    const parsed = await parseEmail(message(`${basic}\nContent-Type: text/html; charset=utf-8`, html));
    expect(parsed.html).not.toMatch(/script|onerror|steal/);
    expect(parsed.html).toContain('data-remote-src="https://t.example/o.gif"');
    expect(parsed.text).toContain('Thanks!');
    expect(parsed.reply).toBe('Thanks!');
    expect(parsed.replyHtml).not.toContain('old');
    expect(parsed.quotedText).toContain('old');
    expect(parsed.warnings).toEqual(expect.arrayContaining(['html_sanitised', 'remote_images_blocked']));
  });

  it('detects auto-replies, lists and language', async () => {
    const ooo = await parseEmail(message(`${basic}\nAuto-Submitted: auto-replied`, 'Ich bin bis Montag nicht im Büro und habe keinen Zugriff auf meine E-Mails.'));
    expect(ooo.autoSubmitted).toBe('auto-replied');
    expect(ooo.language).toBe('de');
    const list = await parseEmail(message(`${basic}\nList-Id: Shop news <news.shop.example>`, 'hi'));
    expect(list.autoSubmitted).toBe('list');
    expect(list.listId).toBe('news.shop.example');
  });

  it('keeps attachment names free of paths', () => {
    expect(safeFilename('../../etc/passwd', 'text/plain', 0)).toBe('passwd');
    expect(safeFilename('C:\\Windows\\evil.exe', 'application/octet-stream', 0)).toBe('evil.exe');
    expect(safeFilename('..', 'message/rfc822', 2)).toBe('attachment-3.eml');
  });

  it('times out instead of hanging', async () => {
    const big = message(basic, 'word '.repeat(200_000));
    expect(await code(big, { timeoutMs: 1 })).toBe('parse_timeout');
  });
});
