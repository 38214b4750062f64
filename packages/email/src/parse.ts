/**
 * parseEmail: raw RFC 5322 bytes → ParsedEmail (types.ts), or EmailParseError with a quarantine
 * reason. Pure: no database, no network, no file system.
 *
 * Order of work, cheapest first: size → structure scan (header size, nesting, part count; see
 * structure.ts) → mailparser (MIME, transfer encodings, charsets) → limits on what it found
 * (recipients, attachments, archives) → derived views (sanitised HTML, text, reply, quote,
 * bounce, auto-submitted, language), each bounded by `derivedViewLimits`.
 *
 * Never hangs: mailparser reads from a stream that is destroyed when `timeoutMs` passes, and the
 * parse is raced against that timer. We measured whether a worker thread (hard terminate) is needed:
 * with the structure scan in front and the derived views bounded (derivedViewLimits), the whole
 * parse of any generated 50 MB input (base64 attachment, text, HTML, one 50 MB line, the mailparser
 * out-of-memory and large-call-stack bodies) costs 0.3–1.1 s of CPU (HTML cost 1.5 s until body text
 * parts were cut to 8 MB before mailparser, see structure.ts), and 2,400 fuzzed messages
 * take ~3 s in all; a Worker per message would add its start-up (module loading, ~150 ms) to every
 * message and cap ingest throughput. So the parse runs in-process; after the synchronous steps the
 * elapsed time is checked again, so a slow parse ends in `parse_timeout`, never in a late success.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { simpleParser, type AddressObject, type Attachment, type ParsedMail } from 'mailparser';
import { detectLanguage } from '@rapport/reply-coach/language';
import { inspectArchive } from './archive.ts';
import { detectAutoSubmitted } from './auto-submitted.ts';
import { detectBounce, looksLikeBounce } from './bounce.ts';
import { boundHtml, htmlToText, sanitiseHtml, splitHtmlQuote } from './html.ts';
import { derivedViewLimits, resolveLimits } from './limits.ts';
import { normaliseMessageId } from './peek.ts';
import { splitTextQuote, stripSenderSignature } from './quote.ts';
import { cutOversizedText, scanStructure } from './structure.ts';
import { EmailParseError, type AttachmentSummary, type EmailAddress, type EmailParseJson, type ParsedAttachment, type ParsedEmail, type ParseLimits, type QuarantineReason } from './types.ts';

export { EmailParseError } from './types.ts';

const knownCodes = new Set<QuarantineReason>([
  'unparseable', 'no_from', 'too_large', 'header_too_large', 'too_deeply_nested', 'too_many_parts', 'too_many_attachments',
  'too_many_recipients', 'attachment_too_large', 'decompression_bomb', 'parse_timeout',
]);

export function isQuarantineReason(value: unknown): value is QuarantineReason {
  return typeof value === 'string' && knownCodes.has(value as QuarantineReason);
}

const stripNulls = (value: string) => (value.includes('\u0000') ? value.split('\u0000').join('') : value);

function addresses(value: AddressObject | AddressObject[] | undefined): EmailAddress[] {
  const out: EmailAddress[] = [];
  const objects = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const visit = (entries: AddressObject['value']) => {
    for (const entry of entries) {
      if (entry.group) visit(entry.group);
      else if (entry.address) out.push({ address: stripNulls(entry.address).trim(), name: stripNulls(entry.name ?? '').trim() });
    }
  };
  for (const object of objects) visit(object.value);
  return out;
}

const usableAddress = /^[^\s@<>]+@[^\s@<>]+$/;

/** Header names lower-cased → first raw value, unfolded. */
function headerMap(parsed: ParsedMail): Record<string, string> {
  const map: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines) {
    if (key in map) continue;
    const colon = line.indexOf(':');
    map[key] = stripNulls(line.slice(colon + 1).replace(/\r?\n[ \t]+/g, ' ').trim());
  }
  return map;
}

function messageIds(value: string | undefined): string[] {
  if (!value) return [];
  const found = value.match(/<[^<>\s]{1,900}>/g);
  const ids = found ? found.map((id) => normaliseMessageId(id)) : value.split(/[\s,]+/).map((id) => normaliseMessageId(id));
  return [...new Set(ids.filter((id): id is string => id !== null))].slice(0, 100);
}

const extensions: Record<string, string> = {
  'message/rfc822': '.eml', 'message/delivery-status': '.txt', 'text/rfc822-headers': '.txt', 'text/plain': '.txt', 'text/html': '.html',
  'text/calendar': '.ics', 'image/png': '.png', 'image/jpeg': '.jpg', 'image/gif': '.gif', 'application/pdf': '.pdf',
};

/** The attachment's own name without any path, control characters or leading dots; a generated one when absent. */
export function safeFilename(name: string | undefined, contentType: string, index: number): string {
  const base = (name ?? '')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .split(/[/\\]/)
    .pop()
    ?.replace(/^\.+/, '')
    .trim()
    .slice(0, 200);
  return base || `attachment-${index + 1}${extensions[contentType] ?? '.bin'}`;
}

function toAttachment(attachment: Attachment, index: number): ParsedAttachment {
  const content = attachment.content;
  const contentType = (attachment.contentType || 'application/octet-stream').toLowerCase();
  return {
    filename: safeFilename(attachment.filename, contentType, index),
    contentType,
    size: content.length,
    sha256: createHash('sha256').update(content).digest('hex'),
    inline: attachment.contentDisposition === 'inline' || (attachment.related === true && !!attachment.contentId),
    content: new Uint8Array(content.buffer, content.byteOffset, content.byteLength),
    contentId: attachment.contentId ? attachment.contentId.replace(/^<|>$/g, '').trim() || null : null,
  };
}

function charsetWarnings(charsets: string[]): string[] {
  for (const charset of charsets) {
    try {
      new TextDecoder(charset);
    } catch {
      if (!/^(?:utf-?7|unicode-1-1-utf-7)$/i.test(charset)) return ['charset_fallback'];
    }
  }
  return [];
}

function mapParserError(error: unknown): EmailParseError {
  if (error instanceof EmailParseError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/head(?:er)? ?size|header.*(?:large|long|exceed)/i.test(message)) return new EmailParseError('header_too_large', message.slice(0, 300));
  if (/child ?nodes|too many (?:mime )?(?:parts|nodes)/i.test(message)) return new EmailParseError('too_many_parts', message.slice(0, 300));
  return new EmailParseError('unparseable', `The message could not be parsed: ${message.slice(0, 300)}`);
}

/** Parses one raw message. Throws EmailParseError (with a QuarantineReason) for bad input. */
export async function parseEmail(raw: Uint8Array, limits?: Partial<ParseLimits>): Promise<ParsedEmail> {
  const resolved = resolveLimits(limits);
  const startedAt = Date.now();
  if (raw.byteLength > resolved.maxBytes) throw new EmailParseError('too_large', `The message is larger than ${resolved.maxBytes} bytes.`);
  if (raw.byteLength === 0) throw new EmailParseError('unparseable', 'The message is empty.');
  const structure = scanStructure(raw, resolved);
  if (structure.headerBytes > resolved.maxHeaderBytes) throw new EmailParseError('header_too_large', `The header block is larger than ${resolved.maxHeaderBytes} bytes.`);

  const readable = cutOversizedText(raw, structure.oversizedText);
  const buffer = Buffer.from(readable.buffer, readable.byteOffset, readable.byteLength);
  const stream = Readable.from([buffer], { objectMode: false });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      stream.destroy();
      reject(new EmailParseError('parse_timeout', `Parsing took longer than ${resolved.timeoutMs} ms.`));
    }, resolved.timeoutMs);
  });
  try {
    const parsing = simpleParser(stream, {
      skipHtmlToText: true,
      skipTextToHtml: true,
      skipImageLinks: true,
      keepCidLinks: true,
      keepDeliveryStatus: true,
      checksumAlgo: false,
      maxHeadSize: resolved.maxHeaderBytes,
      maxChildNodes: resolved.maxParts + 1,
    }).catch((error: unknown) => {
      throw mapParserError(error);
    });
    const parsed = await Promise.race([parsing, timeout]);
    const result = understand(parsed, structure, resolved);
    if (Date.now() - startedAt > resolved.timeoutMs) throw new EmailParseError('parse_timeout', `Parsing took longer than ${resolved.timeoutMs} ms.`);
    return result;
  } finally {
    clearTimeout(timer);
  }
}

function understand(parsed: ParsedMail, structure: ReturnType<typeof scanStructure>, limits: ParseLimits): ParsedEmail {
  const warnings: string[] = [];
  const headers = headerMap(parsed);

  const fromList = addresses(parsed.from);
  const from = fromList.find((entry) => usableAddress.test(entry.address)) ?? null;
  if (!from) throw new EmailParseError('no_from', 'The message has no usable From address.');
  const to = addresses(parsed.to);
  const cc = addresses(parsed.cc);
  if (to.length + cc.length > limits.maxRecipients) throw new EmailParseError('too_many_recipients', `The message has more than ${limits.maxRecipients} To and Cc recipients.`);

  if (parsed.attachments.length > limits.maxAttachments) throw new EmailParseError('too_many_attachments', `The message has more than ${limits.maxAttachments} attachments.`);
  const attachments = parsed.attachments.map(toAttachment);
  for (const attachment of attachments) {
    if (attachment.size > limits.maxAttachmentBytes) {
      throw new EmailParseError('attachment_too_large', `${attachment.filename} is ${attachment.size} bytes; one attachment may have at most ${limits.maxAttachmentBytes}.`);
    }
    const verdict = inspectArchive(attachment.content);
    if (verdict.isBomb) throw new EmailParseError('decompression_bomb', `${attachment.filename}: ${verdict.reason}.`);
  }

  if (structure.hasNullBytes) warnings.push('null_bytes_removed');
  for (const part of structure.oversizedText) warnings.push(part.kind === 'html' ? 'html_truncated' : 'text_truncated');
  warnings.push(...charsetWarnings(structure.charsets));

  let date: string | null = null;
  if (headers['date'] === undefined) warnings.push('missing_date');
  else if (parsed.date instanceof Date && !Number.isNaN(parsed.date.getTime())) date = parsed.date.toISOString();
  else warnings.push('invalid_date');
  const messageId = normaliseMessageId(headers['message-id']);
  if (!messageId) warnings.push('missing_message_id');

  // Text and HTML.
  let text = stripNulls(parsed.text ?? '');
  if (text.length > derivedViewLimits.maxTextChars) {
    text = text.slice(0, derivedViewLimits.maxTextChars);
    warnings.push('text_truncated');
  }
  let html: string | null = null;
  let replyHtml: string | null = null;
  let htmlReplyText = '';
  let htmlQuotedText = '';
  if (typeof parsed.html === 'string' && parsed.html.trim() !== '') {
    const bounded = boundHtml(stripNulls(parsed.html));
    warnings.push(...bounded.warnings);
    const sanitised = sanitiseHtml(bounded.html);
    warnings.push(...sanitised.warnings);
    html = sanitised.html;
    const split = splitHtmlQuote(bounded.html);
    const replyPart = split.quotedHtml ? sanitiseHtml(split.replyHtml).html : html;
    const fullText = htmlToText(html);
    htmlReplyText = replyPart === html ? fullText : htmlToText(replyPart);
    if (split.quotedHtml) {
      htmlQuotedText = [split.attribution ?? '', htmlToText(sanitiseHtml(split.quotedHtml).html)].filter(Boolean).join('\n');
    }
    // A message that is nothing but quoted history (a bare forward) shows all of it.
    replyHtml = htmlReplyText.trim() === '' ? html : replyPart;
    if (text.trim() === '') text = fullText;
  }
  if (text.includes('\uFFFD')) warnings.push('invalid_characters');

  // The reply: from the text part when there is one, else from the HTML's new part.
  const hasTextPart = typeof parsed.text === 'string' && parsed.text.trim() !== '';
  let reply: string;
  let quotedText: string;
  if (hasTextPart || html === null) {
    const split = splitTextQuote(text);
    reply = split.reply;
    quotedText = split.quoted;
  } else {
    const split = splitTextQuote(htmlReplyText.trim() === '' ? text : htmlReplyText);
    reply = split.reply;
    quotedText = [split.quoted, htmlQuotedText].filter(Boolean).join('\n\n');
  }

  const signed = stripSenderSignature(reply, from.name || from.address);
  if (signed.signature) {
    reply = signed.reply;
    quotedText = [signed.signature, quotedText].filter(Boolean).join('\n\n');
  }

  const subject = stripNulls(parsed.subject ?? '');
  const contentType = headers['content-type'] ?? '';
  const mainType = (/^\s*([^;\s]+)/.exec(contentType)?.[1] ?? 'text/plain').toLowerCase();
  const reportType = (/;\s*report-type\s*=\s*"?([^;"\s]+)/i.exec(contentType)?.[1] ?? '').toLowerCase();
  const bounceInput = { headers, contentType: mainType, reportType, fromAddress: from.address, subject };
  const bounce = looksLikeBounce(bounceInput)
    ? detectBounce({
        ...bounceInput,
        text,
        parts: attachments
          .filter((attachment) => /^(?:message\/(?:rfc822|global|delivery-status|global-delivery-status|global-headers)|text\/rfc822-headers)$/.test(attachment.contentType))
          .map((attachment) => ({ contentType: attachment.contentType, content: attachment.content })),
      })
    : null;
  const autoSubmitted = detectAutoSubmitted({ headers, subject, isBounce: bounce !== null });

  const language = detectLanguage(reply.slice(0, derivedViewLimits.maxLanguageChars)).language;
  const replyToList = addresses(parsed.replyTo);
  const listIdHeader = headers['list-id'];

  return {
    messageId,
    inReplyTo: messageIds(headers['in-reply-to'])[0] ?? null,
    references: messageIds(headers['references']),
    from,
    to,
    cc,
    subject,
    date,
    text,
    html,
    reply,
    attachments,
    autoSubmitted,
    bounce,
    language,
    warnings: [...new Set(warnings)],
    quotedText,
    replyHtml,
    replyTo: replyToList.find((entry) => usableAddress.test(entry.address)) ?? null,
    listId: listIdHeader ? (/<([^<>]{1,255})>/.exec(listIdHeader)?.[1] ?? listIdHeader.slice(0, 255)) : null,
    headers,
  };
}

/** The CLI contract (types.ts EmailParseJson), key order included; attachments without content. */
export function toParseJson(parsed: ParsedEmail): EmailParseJson {
  return {
    messageId: parsed.messageId,
    inReplyTo: parsed.inReplyTo,
    references: parsed.references,
    from: parsed.from,
    to: parsed.to,
    cc: parsed.cc,
    subject: parsed.subject,
    date: parsed.date,
    text: parsed.text,
    html: parsed.html,
    reply: parsed.reply,
    attachments: parsed.attachments.map(
      (attachment): AttachmentSummary => ({
        filename: attachment.filename,
        contentType: attachment.contentType,
        size: attachment.size,
        sha256: attachment.sha256,
        inline: attachment.inline,
      }),
    ),
    autoSubmitted: parsed.autoSubmitted,
    bounce: parsed.bounce ? { status: parsed.bounce.status, recipient: parsed.bounce.recipient } : null,
    language: parsed.language,
    warnings: parsed.warnings,
  };
}
