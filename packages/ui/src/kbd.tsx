import type { ReactNode } from 'react';

/** A keyboard shortcut hint, so shortcuts are discoverable where they apply. */
export function Kbd({ children }: { children: ReactNode }) {
  return <kbd className="rp-kbd">{children}</kbd>;
}
