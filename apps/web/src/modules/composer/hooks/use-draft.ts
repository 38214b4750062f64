import { useCallback, useEffect, useState } from 'react';

/**
 * Keeps an unsent draft in sessionStorage, so moving to another ticket and back (or a reload)
 * does not lose it. Server-side drafts that follow the agent across devices come with the full
 * agent app.
 */
export function useDraft(storageKey: string): [string, (text: string) => void, () => void] {
  const [text, setText] = useState(() => readDraft(storageKey));

  // A new ticket (new key) starts from its own draft.
  useEffect(() => setText(readDraft(storageKey)), [storageKey]);

  const update = useCallback(
    (next: string) => {
      setText(next);
      writeDraft(storageKey, next);
    },
    [storageKey],
  );

  const clear = useCallback(() => update(''), [update]);
  return [text, update, clear];
}

function readDraft(storageKey: string): string {
  try {
    return window.sessionStorage.getItem(storageKey) ?? '';
  } catch {
    return ''; // storage disabled (private mode, policy): drafts then live only in memory
  }
}

function writeDraft(storageKey: string, text: string): void {
  try {
    if (text) window.sessionStorage.setItem(storageKey, text);
    else window.sessionStorage.removeItem(storageKey);
  } catch {
    // Storage full or disabled: the draft stays in memory, which is all we can do.
  }
}
