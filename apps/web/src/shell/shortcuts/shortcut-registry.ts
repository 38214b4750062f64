/**
 * The app's one keyboard-shortcut registry. Screens register what they offer (`useShortcut`); one
 * document listener (`useShortcutListener`) routes key presses here. Keys are single characters
 * ("j", "?") or two-key sequences written with a space ("g i"). The newest registration of the
 * same keys wins, so a screen can override a global shortcut while it is mounted.
 *
 * Pure: no DOM. The listener decides whether the agent is typing; this file only matches.
 */
export type ShortcutScope = 'global' | 'inbox' | 'ticket';

export interface Shortcut {
  keys: string;
  /** Shown in the help overlay; already translated. */
  description: string;
  scope: ShortcutScope;
  run: () => void;
}

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** The key goes into a text field: single-key shortcuts must not fire. */
  isTyping: boolean;
}

export interface ShortcutRegistry {
  register: (shortcut: Shortcut) => () => void;
  /** Runs the matching shortcut; true when the press was used (the caller prevents the default). */
  handle: (press: KeyPress) => boolean;
  /** What the help overlay lists: one entry per scope and keys (the active one), in registration order. */
  list: () => readonly Shortcut[];
  subscribe: (onChange: () => void) => () => void;
}

const scopeOrder: Record<ShortcutScope, number> = { global: 0, inbox: 1, ticket: 2 };

export function createShortcutRegistry(options: { now?: () => number; sequenceTimeoutMs?: number } = {}): ShortcutRegistry {
  const now = options.now ?? (() => Date.now());
  const sequenceTimeoutMs = options.sequenceTimeoutMs ?? 1200;
  let entries: { id: number; shortcut: Shortcut }[] = [];
  let nextId = 1;
  let pending: { key: string; at: number } | null = null;
  let snapshot: readonly Shortcut[] = [];
  const listeners = new Set<() => void>();

  function changed() {
    const seen = new Map<string, Shortcut>();
    for (const { shortcut } of entries) seen.set(`${shortcut.scope} ${shortcut.keys}`, shortcut);
    snapshot = [...seen.values()].sort((a, b) => scopeOrder[a.scope] - scopeOrder[b.scope]);
    for (const listener of listeners) listener();
  }

  /** The newest registration of exactly these keys. */
  function find(keys: string): Shortcut | undefined {
    for (let index = entries.length - 1; index >= 0; index -= 1) {
      const entry = entries[index];
      if (entry && entry.shortcut.keys === keys) return entry.shortcut;
    }
    return undefined;
  }

  return {
    register(shortcut) {
      const id = nextId;
      nextId += 1;
      entries = [...entries, { id, shortcut }];
      changed();
      return () => {
        entries = entries.filter((entry) => entry.id !== id);
        changed();
      };
    },
    handle(press) {
      if (press.ctrlKey || press.metaKey || press.altKey || press.isTyping) {
        pending = null;
        return false;
      }
      const first = pending && now() - pending.at <= sequenceTimeoutMs ? pending.key : null;
      pending = null;
      if (first !== null) {
        const sequence = find(`${first} ${press.key}`);
        if (sequence) {
          sequence.run();
          return true;
        }
      }
      if (entries.some((entry) => entry.shortcut.keys.startsWith(`${press.key} `))) {
        pending = { key: press.key, at: now() };
        // A key that both starts a sequence and is a shortcut of its own runs at once.
        const single = find(press.key);
        single?.run();
        return true;
      }
      const single = find(press.key);
      if (!single) return false;
      single.run();
      return true;
    },
    list: () => snapshot,
    subscribe(onChange) {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
  };
}

/** "g i" → ["g", "i"], for rendering each key in its own <kbd>. */
export function keysOf(shortcut: Pick<Shortcut, 'keys'>): string[] {
  return shortcut.keys.split(' ');
}
