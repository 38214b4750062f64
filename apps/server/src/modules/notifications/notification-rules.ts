/** Pure rules of the notifications module (unit-tested). */

/** A one-line excerpt for a notification: whitespace collapsed, cut at a word boundary near `max`. */
export function excerptOf(text: string, max = 140): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:!?-]+$/, '')}…`;
}

/**
 * Who hears about a new event on a followed ticket: every follower except the person who caused
 * it and those told anyway by a more specific notification (the assignee hears of customer
 * replies as `customer_replied`; a mentioned teammate hears of the note as `mention`).
 */
export function followerRecipients(followerIds: readonly string[], exclude: readonly (string | null | undefined)[]): string[] {
  const skipped = new Set(exclude.filter((id): id is string => Boolean(id)));
  return [...new Set(followerIds)].filter((id) => !skipped.has(id));
}
