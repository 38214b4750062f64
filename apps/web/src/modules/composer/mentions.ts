/** Pure helpers of @mentions in internal notes: the query at the caret, inserting a name, who is still mentioned. */

export interface Mentionable {
  id: string;
  name: string;
  email: string;
}

/** "@ali" right before the caret (at the start or after a space or bracket): where it starts and what was typed. */
export function mentionQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(^|[\s([{])@([\p{L}\p{N}._-]{0,40})$/u.exec(before);
  if (!match) return null;
  const query = match[2] ?? '';
  return { start: caret - query.length - 1, query };
}

/** Members whose name (any word of it) or email starts with the query, best first, at most `limit`. */
export function filterMentionables(members: readonly Mentionable[], query: string, limit = 8): Mentionable[] {
  const needle = query.toLowerCase();
  const scored = members
    .map((member) => {
      const name = member.name.toLowerCase();
      const score = name.startsWith(needle) ? 0 : name.split(/\s+/).some((word) => word.startsWith(needle)) ? 1 : member.email.toLowerCase().startsWith(needle) ? 2 : -1;
      return { member, score };
    })
    .filter((item) => item.score >= 0)
    .sort((left, right) => left.score - right.score || left.member.name.localeCompare(right.member.name));
  return scored.slice(0, limit).map((item) => item.member);
}

/** Replaces "@que" (from `start` to the caret) with "@Full Name " and puts the caret after it. */
export function insertMention(text: string, start: number, caret: number, name: string): { text: string; caret: number } {
  const inserted = `@${name} `;
  return { text: text.slice(0, start) + inserted + text.slice(caret), caret: start + inserted.length };
}

/** The picked members whose "@Name" is still in the text (a deleted mention notifies nobody). */
export function stillMentioned(text: string, picked: readonly Mentionable[]): string[] {
  return [...new Set(picked.filter((member) => text.includes(`@${member.name}`)).map((member) => member.id))];
}
