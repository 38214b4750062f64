import { useEffect, useRef, useSyncExternalStore } from 'react';
import { isTypingTarget } from '../../lib/is-typing-target.ts';
import { createShortcutRegistry, type Shortcut, type ShortcutScope } from './shortcut-registry.ts';

/** The app's registry; one per page. */
export const shortcutRegistry = createShortcutRegistry();

/** Text goes into text fields; a focused checkbox or button does not take letters, so shortcuts still work there. */
function isTypingInto(target: EventTarget | null): boolean {
  if (target instanceof HTMLInputElement && ['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type)) return false;
  return isTypingTarget(target);
}

/**
 * Registers a shortcut while the calling component is mounted. `run` may change on every render;
 * the latest one runs.
 */
export function useShortcut(keys: string, description: string, scope: ShortcutScope, run: () => void, isEnabled = true): void {
  const runRef = useRef(run);
  useEffect(() => {
    runRef.current = run;
  });
  useEffect(() => {
    if (!isEnabled) return undefined;
    return shortcutRegistry.register({ keys, description, scope, run: () => runRef.current() });
  }, [keys, description, scope, isEnabled]);
}

/** The one keydown listener of the app; mount once (GlobalShortcuts does). */
export function useShortcutListener(): void {
  useEffect(() => {
    function handleKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.repeat) return;
      // While a modal dialog is open, the page behind it does not react.
      if (document.querySelector('dialog:modal')) return;
      const isUsed = shortcutRegistry.handle({
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        isTyping: isTypingInto(event.target),
      });
      if (isUsed) event.preventDefault();
    }
    document.addEventListener('keydown', handleKeyDown);
    return () => document.removeEventListener('keydown', handleKeyDown);
  }, []);
}

/** Every registered shortcut, kept current, for the help overlay. */
export function useRegisteredShortcuts(): readonly Shortcut[] {
  return useSyncExternalStore(shortcutRegistry.subscribe, shortcutRegistry.list);
}
