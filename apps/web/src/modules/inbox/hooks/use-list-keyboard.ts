import { useCallback, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { t } from '../../../i18n/i18n.ts';
import { useShortcut } from '../../../shell/shortcuts/use-shortcut.ts';

export interface ListKeyboardActions {
  /** o: open the active row. */
  onOpen: (id: string) => void;
  /** x: select or unselect the active row. */
  onToggle: (id: string) => void;
}

/**
 * j/k (and the arrow keys inside the list) move between rows; focus follows, so Enter opens the
 * focused row through its link. o opens it too, x selects it. Home/End jump to the ends.
 * j, k, o and x go through the app's shortcut registry, so they are listed under ? and ignored while typing.
 *
 * The cursor follows a ticket id, not a position: when a live update inserts a ticket above it,
 * the agent stays on the ticket they were looking at.
 */
export function useListKeyboard(ids: readonly string[], initialId: string | undefined, actions: ListKeyboardActions) {
  const [activeId, setActiveId] = useState(initialId);
  const itemRefs = useRef(new Map<string, HTMLAnchorElement>());

  const foundIndex = activeId === undefined ? -1 : ids.indexOf(activeId);
  const activeIndex = foundIndex === -1 ? 0 : foundIndex;
  const currentId = ids[activeIndex];

  const moveTo = useCallback(
    (index: number) => {
      if (ids.length === 0) return;
      const next = ids[Math.max(0, Math.min(ids.length - 1, index))];
      if (next === undefined) return;
      setActiveId(next);
      const element = itemRefs.current.get(next);
      element?.focus();
      element?.scrollIntoView({ block: 'nearest' });
    },
    [ids],
  );

  // The first press focuses the active row, later ones move from it.
  const isInsideList = () => [...itemRefs.current.values()].some((element) => element === document.activeElement);
  useShortcut('j', t('inbox.shortcut.next'), 'inbox', () => moveTo(activeIndex + (isInsideList() ? 1 : 0)));
  useShortcut('k', t('inbox.shortcut.previous'), 'inbox', () => moveTo(activeIndex - (isInsideList() ? 1 : 0)));
  useShortcut('o', t('inbox.shortcut.open'), 'inbox', () => currentId !== undefined && actions.onOpen(currentId), ids.length > 0);
  useShortcut('x', t('inbox.shortcut.select'), 'inbox', () => currentId !== undefined && actions.onToggle(currentId), ids.length > 0);

  // The arrow keys only inside the list, so they still scroll the page elsewhere.
  const onListKeyDown = useCallback(
    (event: ReactKeyboardEvent) => {
      const keyMoves: Record<string, number> = {
        ArrowDown: activeIndex + 1,
        ArrowUp: activeIndex - 1,
        Home: 0,
        End: ids.length - 1,
      };
      const target = keyMoves[event.key];
      if (target === undefined) return;
      event.preventDefault();
      moveTo(target);
    },
    [activeIndex, ids.length, moveTo],
  );

  const setItemRef = useCallback(
    (id: string) => (element: HTMLAnchorElement | null) => {
      if (element) itemRefs.current.set(id, element);
      else itemRefs.current.delete(id);
    },
    [],
  );

  return { activeIndex, activeId: currentId, setActiveId, onListKeyDown, setItemRef };
}
