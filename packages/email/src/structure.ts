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
}

type Frame = { kind: 'multipart'; boundary: string } | { kind: 'message' };

interface PartHeader {
  /** Offset just past the blank line that ends the header block (or the text's end). */
  end: number;
  contentType: string;
  boundary: string | null;
  charset: string | null;
  transferEncoding: string;
  bytes: number;
}

function readHeader(source: string, start: number, maxHeaderBytes: number): PartHeader {
  let position = start;
  let contentType = '';
  let transferEncoding = '';
  let current = '';
  const flush = () => {
    const colon = current.indexOf(':');
    if (colon > 0) {
      const name = current.slice(0, colon).trim().toLowerCase();
      if (name === 'content-type' && !contentType) contentType = current.slice(colon + 1);
      if (name === 'content-transfer-encoding' && !transferEncoding) transferEncoding = current.slice(colon + 1).trim().toLowerCase();
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
    const frame = stack[matched] as { kind: 'multipart'; boundary: string };
    if (line === `${frame.boundary}--`) {
      stack.length = matched;
      continue;
    }
    stack.length = matched + 1;
    position = enterPart(position, stack.length);
  }
  return { headerBytes, depth, parts, charsets: [...charsets], hasNullBytes: raw.includes(0) };
}
