/**
 * A cheap look at a raw message's MIME structure before mailparser sees it: header block size,
 * nesting depth (multipart and message/rfc822), part count and declared charsets. One forward scan
 * that jumps from one "\n--" to the next in bodies, with an explicit stack (no recursion), so a
 * message nested ten thousand levels deep costs a few milliseconds and is refused before any
 * recursive code (mailparser's tree, html serialisers) could overflow the stack.
 */
import { EmailParseError, type ParseLimits } from './types.ts';

export interface MessageStructure {
  headerBytes: number;
  depth: number;
  parts: number;
  charsets: string[];
  hasNullBytes: boolean;
  /**
   * Body text parts (text/plain or text/html that are not attachments) whose encoded body is longer
   * than `maxTextBodyBytes`: byte ranges of the raw message. parseEmail hands mailparser the raw
   * message with everything in each range after that bound cut away, since the views derived from a
   * body are bounded far below it anyway (derivedViewLimits) and decoding 50 MB of text only to
   * throw most of it away cost more than the 2 s a parse may take.
   */
  oversizedText: OversizedText[];
}

export interface OversizedText {
  kind: 'text' | 'html';
  /** First byte of the encoded body. */
  start: number;
  /** Byte after the body's last line (its line break and the boundary that follows are kept). */
  end: number;
}

/** Encoded bytes of one body text part that are read; more than 5M characters of text need at most ~6.7 MB of base64. */
export const maxTextBodyBytes = 8 * 1024 * 1024;

type Frame = { kind: 'multipart'; boundary: string } | { kind: 'message' };

interface PartHeader {
  /** Offset just past the blank line that ends the header block (or the text's end). */
  end: number;
  contentType: string;
  boundary: string | null;
  charset: string | null;
  transferEncoding: string;
  /** Whether the part is a body text candidate: no attachment disposition and no file name. */
  namelessInline: boolean;
  bytes: number;
}

function readHeader(source: string, start: number, maxHeaderBytes: number): PartHeader {
  let position = start;
  let contentType = '';
  let transferEncoding = '';
  let disposition = '';
  let current = '';
  const flush = () => {
    const colon = current.indexOf(':');
    if (colon > 0) {
      const name = current.slice(0, colon).trim().toLowerCase();
      if (name === 'content-type' && !contentType) contentType = current.slice(colon + 1);
      if (name === 'content-transfer-encoding' && !transferEncoding) transferEncoding = current.slice(colon + 1).trim().toLowerCase();
      if (name === 'content-disposition' && !disposition) disposition = current.slice(colon + 1);
    }
    current = '';
  };
  while (position < source.length) {
    const newline = source.indexOf('\n', position);
    const lineEnd = newline < 0 ? source.length : newline;
    const line = source.slice(position, lineEnd).replace(/\r$/, '');
    position = newline < 0 ? source.length : newline + 1;
    if (line === '') break;
    if (position - start > maxHeaderBytes) throw new EmailParseError('header_too_large', `A header block is larger than ${maxHeaderBytes} bytes.`);
    if (/^[ \t]/.test(line)) {
      if (current.length < 16_384) current += ` ${line.trim()}`;
    } else {
      flush();
      current = line.length > 16_384 ? line.slice(0, 16_384) : line;
    }
  }
  flush();
  const type = (/^\s*([^;\s]+)/.exec(contentType)?.[1] ?? '').toLowerCase();
  const boundary = /;\s*boundary\s*=\s*(?:"([^"]{1,200})"|([^;\s"]{1,200}))/i.exec(contentType);
  const charset = /;\s*charset\s*=\s*"?([^;\s"]{1,64})/i.exec(contentType);
  return {
    end: position,
    contentType: type,
    boundary: boundary ? (boundary[1] ?? boundary[2] ?? null) : null,
    charset: charset?.[1]?.toLowerCase() ?? null,
    transferEncoding,
    namelessInline: !/;\s*name\s*[=*]/i.test(contentType) && (disposition.trim() === '' || (/^\s*inline\b/i.test(disposition) && !/;\s*filename\s*[=*]/i.test(disposition))),
    bytes: position - start,
  };
}

/** Scans `raw` and throws EmailParseError when a structural limit is exceeded. */
export function scanStructure(raw: Uint8Array, limits: ParseLimits): MessageStructure {
  const source = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1');
  const stack: Frame[] = [];
  const charsets = new Set<string>();
  let parts = 0;
  let depth = 0;
  let headerBytes = 0;
  const oversizedText: OversizedText[] = [];
  let openText: { kind: OversizedText['kind']; start: number } | null = null;
  const closeText = (end: number) => {
    if (openText && end - openText.start > maxTextBodyBytes) oversizedText.push({ ...openText, end });
    openText = null;
  };

  const enterPart = (start: number, level: number): number => {
    // A part's header, then possibly the headers of messages nested directly inside it.
    let position = start;
    let currentLevel = level;
    for (;;) {
      parts += 1;
      if (parts > limits.maxParts) throw new EmailParseError('too_many_parts', `The message has more than ${limits.maxParts} MIME parts.`);
      const header = readHeader(source, position, limits.maxHeaderBytes);
      if (parts === 1) headerBytes = header.bytes;
      if (header.charset) charsets.add(header.charset);
      position = header.end;
      if (header.contentType.startsWith('multipart/') && header.boundary) {
        stack.push({ kind: 'multipart', boundary: header.boundary });
      } else if ((header.contentType === 'message/rfc822' || header.contentType === 'message/global') && !['base64', 'quoted-printable'].includes(header.transferEncoding)) {
        stack.push({ kind: 'message' });
        currentLevel = stack.length;
        depth = Math.max(depth, currentLevel);
        if (currentLevel > limits.maxDepth) throw new EmailParseError('too_deeply_nested', `The message is nested more than ${limits.maxDepth} levels deep.`);
        continue;
      }
      depth = Math.max(depth, stack.length);
      if (stack.length > limits.maxDepth) throw new EmailParseError('too_deeply_nested', `The message is nested more than ${limits.maxDepth} levels deep.`);
      // Never inside an attached message (message/rfc822): that whole part is an attachment.
      const type = header.contentType || 'text/plain';
      const isBodyText = (type === 'text/plain' || type === 'text/html') && header.namelessInline && !stack.some((frame) => frame.kind === 'message');
      openText = isBodyText ? { kind: type === 'text/html' ? 'html' : 'text', start: position } : null;
      return position;
    }
  };

  let position = enterPart(0, 0);
  while (position < source.length && stack.some((frame) => frame.kind === 'multipart')) {
    const found = source.indexOf('\n--', position - 1 < 0 ? 0 : position - 1);
    if (found < 0) break;
    const lineStart = found + 1;
    const newline = source.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? source.length : newline;
    const line = source.slice(lineStart + 2, Math.min(lineEnd, lineStart + 260)).replace(/\r$/, '').trimEnd();
    position = newline < 0 ? source.length : newline + 1;
    let matched = -1;
    for (let index = stack.length - 1; index >= 0; index -= 1) {
      const frame = stack[index];
      if (frame?.kind === 'multipart' && (line === frame.boundary || line === `${frame.boundary}--`)) {
        matched = index;
        break;
      }
    }
    if (matched < 0) continue;
    closeText(source[found - 1] === '\r' ? found - 1 : found);
    const frame = stack[matched] as { kind: 'multipart'; boundary: string };
    if (line === `${frame.boundary}--`) {
      stack.length = matched;
      continue;
    }
    stack.length = matched + 1;
    position = enterPart(position, stack.length);
  }
  closeText(source.length);
  return { headerBytes, depth, parts, charsets: [...charsets], hasNullBytes: raw.includes(0), oversizedText };
}

/**
 * The raw message with each oversized body text part cut to at most `maxTextBodyBytes` (at the last
 * line break in the bound's last 64 KB where there is one, else at a space, else at the bound, a
 * multiple of four so that unbroken base64 stays whole), or `raw` itself when nothing is oversized.
 */
export function cutOversizedText(raw: Uint8Array, oversized: readonly OversizedText[]): Uint8Array {
  if (oversized.length === 0) return raw;
  const buffer = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const pieces: Buffer[] = [];
  let from = 0;
  for (const part of oversized) {
    const bound = part.start + maxTextBodyBytes;
    const lineBreak = buffer.lastIndexOf(0x0a, bound);
    let cut: number;
    if (lineBreak > Math.max(part.start, bound - 65_536)) {
      cut = buffer[lineBreak - 1] === 0x0d ? lineBreak - 1 : lineBreak;
    } else {
      // One long line: end before a space where there is one (whole words and characters in any
      // encoding); else never inside a UTF-8 sequence (8bit) or a quoted-printable escape.
      const space = buffer.lastIndexOf(0x20, bound);
      cut = space > Math.max(part.start, bound - 4096) ? space : bound;
      if (cut === bound) {
        while (cut > part.start && ((buffer[cut] ?? 0) & 0xc0) === 0x80) cut -= 1;
        while (cut > part.start && (buffer[cut - 1] === 0x3d || buffer[cut - 2] === 0x3d)) cut -= 1;
      }
    }
    pieces.push(buffer.subarray(from, cut));
    from = part.end;
  }
  pieces.push(buffer.subarray(from));
  return Buffer.concat(pieces);
}
