/**
 * Reads the Message-ID from a raw message's header block without parsing the MIME body, so the
 * receipt (which runs before the sender is told 250) stays cheap. Header lines are unfolded.
 */
const maxHeaderScan = 256 * 1024;

/** The header block as text (up to the first empty line, at most 256 KB), unfolded. */
export function headerBlock(raw: Uint8Array): string {
  const limit = Math.min(raw.length, maxHeaderScan);
  let end = limit;
  for (let index = 0; index < limit - 1; index += 1) {
    if (raw[index] === 0x0a && (raw[index + 1] === 0x0a || (raw[index + 1] === 0x0d && raw[index + 2] === 0x0a))) {
      end = index;
      break;
    }
  }
  return Buffer.from(raw.buffer, raw.byteOffset, end).toString('latin1').replace(/\r?\n[ \t]+/g, ' ');
}

/** The first value of a header (case-insensitive name), trimmed, or null. */
export function peekHeader(raw: Uint8Array, name: string): string | null {
  const wanted = name.toLowerCase();
  for (const line of headerBlock(raw).split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === wanted) return line.slice(colon + 1).trim();
  }
  return null;
}

/** Message-ID without angle brackets, lower-cased domain kept as sent; null when absent or empty. */
export function normaliseMessageId(value: string | null | undefined): string | null {
  if (!value) return null;
  const bracketed = /<([^<>\s]{1,900})>/.exec(value);
  const id = (bracketed?.[1] ?? value.trim().split(/\s+/)[0] ?? '').trim();
  return id.length > 0 && id.length <= 900 ? id : null;
}

export function peekMessageId(raw: Uint8Array): string | null {
  return normaliseMessageId(peekHeader(raw, 'message-id'));
}
