import type { ParseLimits } from './types.ts';

/**
 * Default limits of one parse. The server passes its configured message size (smtpMaxMessageBytes);
 * the CLI accepts up to 50 MB. Everything else is fixed: a person's email never comes near these.
 */
export const defaultParseLimits: Readonly<ParseLimits> = Object.freeze({
  maxBytes: 25 * 1024 * 1024,
  maxHeaderBytes: 256 * 1024,
  maxDepth: 20,
  maxParts: 500,
  maxAttachments: 100,
  maxAttachmentBytes: 20 * 1024 * 1024,
  maxRecipients: 500,
  timeoutMs: 10_000,
});

/** The CLI reads (and accepts in one attachment) at most this much from stdin (the contract: any input up to 50 MB). */
export const cliMaxBytes = 50 * 1024 * 1024;

/**
 * Work bounds inside one parse that keep the synchronous steps (sanitising, HTML to text, quote
 * stripping, language) proportional to what a person can read, whatever the size of the message.
 * The full original stays available from the stored raw bytes; these only bound the derived views.
 */
export const derivedViewLimits = Object.freeze({
  /** HTML beyond this many characters is not sanitised; the view keeps the first part (warning html_truncated). */
  maxHtmlChars: 512 * 1024,
  /** Text beyond this many characters is cut in `text` (warning text_truncated). */
  maxTextChars: 5 * 1024 * 1024,
  /** Quote stripping reads at most this much of the text (the reply is at the top). */
  maxQuoteScanChars: 1024 * 1024,
  /** Language detection reads at most this much of the reply. */
  maxLanguageChars: 4000,
  /** A declared uncompressed archive size above this is treated as a decompression bomb. */
  maxDeclaredArchiveBytes: 1024 * 1024 * 1024,
  /** …and so is a single archive entry with a compression ratio above this (deflate's maximum is ~1,032). */
  maxArchiveRatio: 1000,
});

export function resolveLimits(limits: Partial<ParseLimits> | undefined): ParseLimits {
  const merged: ParseLimits = { ...defaultParseLimits };
  if (!limits) return merged;
  for (const key of Object.keys(merged) as (keyof ParseLimits)[]) {
    const value = limits[key];
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) merged[key] = value;
  }
  return merged;
}
