import { useCallback, useState } from 'react';
import { parseRecent, recentStorageKey, rememberSearch } from '../search-filters.ts';

function read(key: string): string[] {
  try {
    return parseRecent(window.localStorage.getItem(key));
  } catch {
    return []; // storage blocked (private mode, policy): recent searches are a nicety
  }
}

function write(key: string, list: readonly string[]) {
  try {
    if (list.length === 0) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, JSON.stringify(list));
  } catch {
    // as above
  }
}

/** The signed-in agent's recent searches, kept in this browser only (localStorage), clearable. */
export function useRecentSearches(userId: string) {
  const key = recentStorageKey(userId);
  const [recent, setRecent] = useState(() => read(key));
  const remember = useCallback(
    (query: string) => {
      const next = rememberSearch(read(key), query);
      write(key, next);
      setRecent(next);
    },
    [key],
  );
  const clear = useCallback(() => {
    write(key, []);
    setRecent([]);
  }, [key]);
  return { recent, remember, clear };
}
