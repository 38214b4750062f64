import { useCallback, useEffect, useRef, useState } from 'react';
import type { DraftKind } from '@rapport/contracts/composer';
import { isApiError } from '../../../api/api-error.ts';
import { composerApi } from '../composer-api.ts';

export type DraftStatus = 'loading' | 'idle' | 'saving' | 'saved' | 'offline';

interface LocalCopy {
  body: string;
  /** When typed (ms); a local copy newer than the server's draft wins on load (offline fallback). */
  at: number;
}

const saveDelayMs = 700;
const retryDelayMs = 5_000;

function readLocal(key: string): LocalCopy | null {
  try {
    const raw = window.sessionStorage.getItem(key);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<LocalCopy>;
    return typeof parsed.body === 'string' && typeof parsed.at === 'number' ? { body: parsed.body, at: parsed.at } : null;
  } catch {
    return null; // storage disabled or an old plain-text value: the server copy decides
  }
}

function writeLocal(key: string, body: string): void {
  try {
    if (body) window.sessionStorage.setItem(key, JSON.stringify({ body, at: Date.now() } satisfies LocalCopy));
    else window.sessionStorage.removeItem(key);
  } catch {
    // storage full or disabled: the server copy is the one that counts
  }
}

function staleRevisionOf(error: unknown): number | null {
  if (!isApiError(error) || error.code !== 'DRAFT_STALE') return null;
  const details = error.details as { revision?: unknown } | undefined;
  return typeof details?.revision === 'number' ? details.revision : 0;
}

/**
 * One composer draft (reply or note) kept on the server as the agent types: saves are debounced,
 * each carries a higher revision (a late, older save is refused by the server as DRAFT_STALE and
 * this hook then saves the current text above the stored revision). Restored on load, so a reload
 * or a crash loses nothing. sessionStorage holds a copy only as the offline fallback.
 */
export function useServerDraft(ticketRef: string, kind: DraftKind, storageKey: string) {
  const [text, setTextState] = useState(() => readLocal(storageKey)?.body ?? '');
  const [status, setStatus] = useState<DraftStatus>('loading');
  const [wasRestored, setWasRestored] = useState(false);
  const revision = useRef(0);
  const latest = useRef(text);
  const timer = useRef<number | null>(null);
  const inFlight = useRef(false);
  const pending = useRef<Promise<void> | null>(null);
  const dirty = useRef(false);

  const save = useCallback(async (): Promise<void> => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
    if (inFlight.current) {
      dirty.current = true; // saved again as soon as the current save answers
      return;
    }
    inFlight.current = true;
    dirty.current = false;
    const body = latest.current;
    revision.current += 1;
    setStatus('saving');
    let release: () => void = () => undefined;
    pending.current = new Promise((resolve) => {
      release = resolve;
    });
    try {
      const result = await composerApi.saveDraft(ticketRef, kind, body, revision.current);
      revision.current = result.draft?.revision ?? 0;
      setStatus('saved');
    } catch (error) {
      const stored = staleRevisionOf(error);
      if (stored !== null) {
        // Someone (another tab, an undo) saved a higher revision: this text is the newest typed here.
        revision.current = stored;
        dirty.current = true;
      } else {
        revision.current -= 1;
        setStatus('offline');
        timer.current = window.setTimeout(() => void save(), retryDelayMs);
      }
    } finally {
      inFlight.current = false;
      pending.current = null;
      release();
    }
    if (dirty.current) void save();
  }, [ticketRef, kind]);

  // Load the server's draft once; a newer local copy (typed while offline) wins and is saved.
  useEffect(() => {
    const controller = new AbortController();
    composerApi
      .getDraft(ticketRef, kind, controller.signal)
      .then((result) => {
        const local = readLocal(storageKey);
        const server = result.draft;
        revision.current = server?.revision ?? 0;
        const serverAt = server ? Date.parse(server.updatedAt) : 0;
        if (local && local.body !== (server?.body ?? '') && local.at > serverAt) {
          latest.current = local.body;
          setTextState(local.body);
          void save();
          return;
        }
        if (server && latest.current === (readLocal(storageKey)?.body ?? '')) {
          latest.current = server.body;
          setTextState(server.body);
          writeLocal(storageKey, server.body);
          setWasRestored(server.body.trim() !== '');
        }
        setStatus(server ? 'saved' : 'idle');
      })
      .catch((error: unknown) => {
        if (error instanceof DOMException && error.name === 'AbortError') return;
        setStatus('offline');
      });
    return () => controller.abort();
  }, [ticketRef, kind, storageKey, save]);

  useEffect(
    () => () => {
      if (timer.current !== null) window.clearTimeout(timer.current);
    },
    [],
  );

  const setText = useCallback(
    (next: string) => {
      latest.current = next;
      setTextState(next);
      writeLocal(storageKey, next);
      setWasRestored(false);
      if (timer.current !== null) window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => void save(), saveDelayMs);
    },
    [storageKey, save],
  );

  /**
   * Before sending: no save may reach the server after the message (it would bring the sent draft
   * back), so the pending timer is dropped and a save in flight is awaited.
   */
  const settle = useCallback(async () => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
    dirty.current = false;
    while (pending.current) await pending.current;
  }, []);

  /** After sending: the server deleted the draft in the same transaction. */
  const clear = useCallback(() => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
    dirty.current = false;
    latest.current = '';
    revision.current = 0;
    setTextState('');
    writeLocal(storageKey, '');
    setStatus('idle');
  }, [storageKey]);

  /** The server wrote this draft itself (undo-send put the reply back): adopt it as saved. */
  const adopt = useCallback(
    (body: string, serverRevision: number) => {
      if (timer.current !== null) window.clearTimeout(timer.current);
      timer.current = null;
      latest.current = body;
      revision.current = serverRevision;
      setTextState(body);
      writeLocal(storageKey, body);
      setStatus('saved');
    },
    [storageKey],
  );

  return { text, setText, clear, adopt, settle, saveNow: save, status, wasRestored };
}
