import { createContext, use, useCallback, useRef, useState, type ReactNode } from 'react';

export type Politeness = 'polite' | 'assertive';

interface Announcement {
  id: number;
  message: string;
}

/** How many past messages stay in the region; old ones are dropped so it never grows unbounded. */
const keptAnnouncements = 5;

export interface LiveRegionProps {
  politeness?: Politeness;
  children: ReactNode;
}

/**
 * An always-mounted, visually hidden live region. It must exist before its content changes,
 * or screen readers miss the first announcement.
 */
export function LiveRegion({ politeness = 'polite', children }: LiveRegionProps) {
  return (
    <div className="rp-visually-hidden" aria-live={politeness} aria-relevant="additions text" aria-atomic="false">
      {children}
    </div>
  );
}

type Announce = (message: string, politeness?: Politeness) => void;

const AnnounceContext = createContext<Announce | null>(null);

/**
 * Owns one polite and one assertive region for the whole app. Each announcement is added as a
 * new element, so the same sentence twice in a row is still spoken twice.
 */
export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [polite, setPolite] = useState<Announcement[]>([]);
  const [assertive, setAssertive] = useState<Announcement[]>([]);
  const nextId = useRef(0);

  const announce = useCallback<Announce>((message, politeness = 'polite') => {
    nextId.current += 1;
    const announcement = { id: nextId.current, message };
    const setter = politeness === 'assertive' ? setAssertive : setPolite;
    setter((current) => [...current.slice(-(keptAnnouncements - 1)), announcement]);
  }, []);

  return (
    <AnnounceContext value={announce}>
      {children}
      <LiveRegion politeness="polite">
        {polite.map((announcement) => (
          <p key={announcement.id}>{announcement.message}</p>
        ))}
      </LiveRegion>
      <LiveRegion politeness="assertive">
        {assertive.map((announcement) => (
          <p key={announcement.id}>{announcement.message}</p>
        ))}
      </LiveRegion>
    </AnnounceContext>
  );
}

/** Returns announce(message, politeness?). Needs an AnnouncerProvider above it. */
export function useAnnounce(): Announce {
  const announce = use(AnnounceContext);
  if (!announce) throw new Error('useAnnounce needs an <AnnouncerProvider> above it');
  return announce;
}
