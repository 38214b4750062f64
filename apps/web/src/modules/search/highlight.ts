export interface SnippetPart {
  text: string;
  isMatch: boolean;
}

/**
 * Splits a search snippet whose matches are wrapped in «» into plain and highlighted parts.
 * The parts are rendered as React text, which escapes them: the snippet is never treated as HTML.
 */
export function splitSnippet(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  const pattern = /«([^»]*)»/g;
  let last = 0;
  for (const match of snippet.matchAll(pattern)) {
    const index = match.index;
    if (index > last) parts.push({ text: snippet.slice(last, index), isMatch: false });
    parts.push({ text: match[1] ?? '', isMatch: true });
    last = index + match[0].length;
  }
  if (last < snippet.length) parts.push({ text: snippet.slice(last), isMatch: false });
  return parts.filter((part) => part.text.length > 0);
}
