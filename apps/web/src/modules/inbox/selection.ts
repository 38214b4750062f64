/** Pure rules of the inbox's multi-select (checkboxes, x, shift-click ranges, select all). */

export function toggleSelected(selected: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(selected);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

/**
 * Shift-click: every row between the anchor (the last row clicked) and this one takes the state
 * the clicked row is getting. Without an anchor on the page it is a plain toggle.
 */
export function selectRange(selected: ReadonlySet<string>, ids: readonly string[], anchorId: string | undefined, id: string): Set<string> {
  const from = anchorId === undefined ? -1 : ids.indexOf(anchorId);
  const to = ids.indexOf(id);
  if (from === -1 || to === -1) return toggleSelected(selected, id);
  const isSelecting = !selected.has(id);
  const next = new Set(selected);
  for (const rowId of ids.slice(Math.min(from, to), Math.max(from, to) + 1)) {
    if (isSelecting) next.add(rowId);
    else next.delete(rowId);
  }
  return next;
}

export type PageSelection = 'none' | 'some' | 'all';

export function pageSelection(selected: ReadonlySet<string>, ids: readonly string[]): PageSelection {
  const count = ids.filter((id) => selected.has(id)).length;
  if (count === 0) return 'none';
  return count === ids.length ? 'all' : 'some';
}

/** The header checkbox: selects every row on the page, or clears them when all are selected. */
export function toggleAll(selected: ReadonlySet<string>, ids: readonly string[]): Set<string> {
  if (pageSelection(selected, ids) === 'all') return new Set();
  return new Set([...selected, ...ids]);
}

/** A live update can remove rows; the selection keeps only rows still listed (bulk actions act on what the agent sees). */
export function keepListed(selected: ReadonlySet<string>, ids: readonly string[]): ReadonlySet<string> {
  const listed = new Set(ids);
  if ([...selected].every((id) => listed.has(id))) return selected;
  return new Set([...selected].filter((id) => listed.has(id)));
}
