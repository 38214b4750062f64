/** Small pure helpers of the admin forms. */

/** "en, DE ,fr" → ["en", "de", "fr"]: trimmed, lower-cased, without blanks or repeats. */
export function parseLanguages(text: string): string[] {
  const codes = text
    .split(/[\s,;]+/)
    .map((code) => code.trim().toLowerCase())
    .filter((code) => code.length > 0);
  return [...new Set(codes)];
}

/** One option per line, trimmed, blanks and repeats dropped, order kept. */
export function parseOptions(text: string): string[] {
  const options = text
    .split('\n')
    .map((option) => option.trim())
    .filter((option) => option.length > 0);
  return [...new Set(options)];
}

// No 0/O, 1/l/I: the password is read off a screen and typed or dictated.
const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random 16-character password from the browser's CSPRNG (about 93 bits), shown to the admin once. */
export function generatePassword(length = 16, random: (bytes: Uint8Array) => Uint8Array = (bytes) => crypto.getRandomValues(bytes)): string {
  const result: string[] = [];
  // Rejection sampling keeps every character equally likely.
  const limit = 256 - (256 % alphabet.length);
  while (result.length < length) {
    for (const byte of random(new Uint8Array(length * 2))) {
      if (byte < limit && result.length < length) result.push(alphabet[byte % alphabet.length] ?? '');
    }
  }
  return result.join('');
}
