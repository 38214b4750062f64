import { useCallback, useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { isTypingTarget } from '../../../lib/is-typing-target.ts';

/**
 * j/k (and the arrow keys inside the list) move between rows; focus follows, so Enter opens the
 * focused row through its link. Home/End jump to the ends.
 *
 * The cursor follows a ticket id, not a position: when a live update inserts a ticket above it,
 * the agent stays on the ticket they were looking at.
 */
export function useListKeyboard(ids: readonly string[], initialId: string | undefined) {
  const [activeId, setActiveId] = useState(initialId);
  const itemRefs = useRef(new Map<string, HTMLAnchorElement>());

  const foundIndex = activeId === undefined ? -1 : ids.indexOf(activeId);
  const activeIndex = foundIndex === -1 ? 0 : foundIndex;

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

  // j/k work anywhere on the inbox screen (not while typing), as in most mail clients.
  useEffect(() => {
    function handleKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      if (isTypingTarget(event.target)) return;
      const isInsideList = [...itemRefs.current.values()].some((element) => element === document.activeElement);
      // The first press focuses the active row, later ones move from it.
      const step = isInsideList ? 1 : 0;
      if (event.key === 'j') {
        event.preventDefault();
        moveTo(activeIndex + step);
      } else if (event.key === 'k') {
        event.preventDefault();
        moveTo(activeIndex - step);
      }
    }
    document.addEventListener('keydown', handleKeyDown);
    return () => document.removeEventListener('keydown', handleKeyDown);
  }, [activeIndex, moveTo]);

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

  return { activeIndex, setActiveId, onListKeyDown, setItemRef };
}
