/**
 * Splits an mbox file (mboxo or mboxrd) into messages, streaming: the file is read chunk by chunk
 * and only the current message is held in memory, so a multi-GB mailbox is never read whole.
 *
 * A message starts at a "From " line at the start of the file or after a blank line. The "From "
 * line itself (the envelope line) is not part of the message. Escaped body lines (">From ",
 * ">>From " …) lose one ">" (mboxrd; for mboxo files this also restores the usual escaping). The
 * blank line that separates two messages is removed. Line endings are kept as they are.
 *
 * A message larger than `maxMessageBytes` is not held whole: the first `maxMessageBytes + 1`
 * bytes are yielded, so the receiver refuses it as too large rather than this reader running out
 * of memory.
 */

export interface SplitMboxOptions {
  /** Default 100 MB. */
  maxMessageBytes?: number;
}

type Source = Uint8Array | AsyncIterable<Uint8Array | string> | Iterable<Uint8Array>;

async function* chunksOf(source: Source): AsyncGenerator<Buffer> {
  if (source instanceof Uint8Array) {
    yield Buffer.from(source.buffer, source.byteOffset, source.byteLength);
    return;
  }
  for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
    yield typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
}

const FROM = Buffer.from('From ');

function isBlank(line: Buffer): boolean {
  return line.length === 0 || (line.length === 1 && (line[0] === 0x0a || line[0] === 0x0d)) || (line.length === 2 && line[0] === 0x0d && line[1] === 0x0a);
}

/** `>From `, `>>From ` … → one `>` less. */
function unescape(line: Buffer): Buffer {
  let index = 0;
  while (index < line.length && line[index] === 0x3e) index += 1;
  if (index > 0 && line.subarray(index, index + 5).equals(FROM)) return line.subarray(1);
  return line;
}

export async function* splitMbox(source: Source, options: SplitMboxOptions = {}): AsyncGenerator<Uint8Array> {
  const maxMessageBytes = options.maxMessageBytes ?? 100 * 1024 * 1024;
  let current: Buffer[] = [];
  let currentBytes = 0;
  let started = false;
  let previousBlank = true;
  // The blank line before a "From " line is a separator; hold it back until we know.
  let heldBlank: Buffer | null = null;
  let pending: Buffer = Buffer.alloc(0);

  const push = (line: Buffer) => {
    if (currentBytes > maxMessageBytes) return;
    const room = maxMessageBytes + 1 - currentBytes;
    const kept = line.length > room ? line.subarray(0, room) : line;
    current.push(Buffer.from(kept));
    currentBytes += kept.length;
  };
  const take = (): Uint8Array | null => {
    if (!started) return null;
    const message = Buffer.concat(current, currentBytes);
    current = [];
    currentBytes = 0;
    return new Uint8Array(message.buffer, message.byteOffset, message.byteLength);
  };

  function* handle(line: Buffer): Generator<Uint8Array> {
    if (previousBlank && line.subarray(0, 5).equals(FROM)) {
      heldBlank = null;
      const message = take();
      if (message) yield message;
      started = true;
      previousBlank = false;
      return;
    }
    if (!started) {
      // Text before the first "From " line is not a message (not an mbox, or a stray preamble).
      previousBlank = isBlank(line);
      return;
    }
    if (heldBlank) {
      push(heldBlank);
      heldBlank = null;
    }
    if (isBlank(line)) {
      heldBlank = line;
      previousBlank = true;
      return;
    }
    previousBlank = false;
    push(unescape(line));
  }

  for await (const chunk of chunksOf(source)) {
    let data = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
    let start = 0;
    for (;;) {
      const newline = data.indexOf(0x0a, start);
      if (newline < 0) break;
      yield* handle(data.subarray(start, newline + 1));
      start = newline + 1;
    }
    pending = Buffer.from(data.subarray(start));
    data = Buffer.alloc(0);
  }
  if (pending.length > 0) yield* handle(pending);
  // The last message keeps no trailing separator line (heldBlank is dropped).
  const last = take();
  if (last) yield last;
}
