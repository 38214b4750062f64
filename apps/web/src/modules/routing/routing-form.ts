/** Form parsing of the routing screens (pure; unit-tested). */

/** "fr, EN;  billing" → ["fr", "en", "billing"]: split on commas, semicolons and spaces, lower-cased, repeats dropped, order kept. */
export function parseList(text: string): string[] {
  const items = text
    .split(/[\s,;]+/)
    .map((item) => item.trim().toLowerCase())
    .filter((item) => item.length > 0);
  return [...new Set(items)];
}

/** The maximum of open tickets: empty = no limit (null); a whole number of at least 1; anything else = leave it (undefined). */
export function parseMax(text: string): number | null | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return Number.isInteger(value) && value >= 1 ? value : undefined;
}
