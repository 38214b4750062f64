import { useEffect, useRef } from 'react';

/**
 * Moves focus to the element (the screen's main heading) when the route changes, so keyboard and
 * screen-reader users land at the top of the new screen instead of on a control that vanished.
 * The heading needs tabIndex={-1}.
 */
export function useFocusOnRouteChange<Element extends HTMLElement>(routeKey: string) {
  const ref = useRef<Element>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: false });
  }, [routeKey]);
  return ref;
}
