import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { RealtimeEvent } from '@rapport/contracts/realtime';
import { queryKeys } from '../api/query-keys.ts';
import { keysToInvalidate, reconnectDelay } from './realtime-invalidation.ts';

export type RealtimeStatus = 'connecting' | 'live' | 'reconnecting';

/** Events arriving within this window are handled together, so a burst causes one refetch per query. */
const batchWindowMs = 150;

/** Close codes after which reconnecting is pointless until the session is checked again. */
const authCloseCodes = new Set([1008, 4401, 4403]);

function streamUrl(): string {
  const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${window.location.host}/api/v1/stream`;
}

/**
 * Keeps one WebSocket to /api/v1/stream open while signed in. Each event invalidates the queries
 * it affects; after a reconnect everything of the workspace is refetched, because events sent
 * while disconnected are lost.
 */
export function useRealtime(workspaceId: string): RealtimeStatus {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<RealtimeStatus>('connecting');

  useEffect(() => {
    let socket: WebSocket | null = null;
    let attempt = 0;
    let hasConnectedBefore = false;
    let isStopped = false;
    let reconnectTimer: number | undefined;
    let batchTimer: number | undefined;
    let pending: RealtimeEvent[] = [];

    function flush() {
      batchTimer = undefined;
      const events = pending;
      pending = [];
      for (const queryKey of keysToInvalidate(workspaceId, events)) {
        void queryClient.invalidateQueries({ queryKey });
      }
    }

    function handleMessage(message: MessageEvent) {
      if (typeof message.data !== 'string') return;
      let data: unknown;
      try {
        data = JSON.parse(message.data);
      } catch {
        return; // not an event (a keep-alive or a future message kind): nothing to refresh
      }
      const parsed = RealtimeEvent.safeParse(data);
      if (!parsed.success) return;
      pending.push(parsed.data);
      batchTimer ??= window.setTimeout(flush, batchWindowMs);
    }

    function connect() {
      if (isStopped) return;
      socket = new WebSocket(streamUrl());
      socket.addEventListener('open', () => {
        attempt = 0;
        setStatus('live');
        if (hasConnectedBefore) void queryClient.invalidateQueries({ queryKey: queryKeys.workspace(workspaceId) });
        hasConnectedBefore = true;
      });
      socket.addEventListener('message', handleMessage);
      socket.addEventListener('close', (event) => {
        socket = null;
        if (isStopped) return;
        setStatus('reconnecting');
        // The server refused us: perhaps the session ended. Re-checking it shows sign-in if so.
        if (authCloseCodes.has(event.code)) void queryClient.invalidateQueries({ queryKey: queryKeys.session });
        reconnectTimer = window.setTimeout(connect, reconnectDelay(attempt));
        attempt += 1;
      });
    }

    connect();
    return () => {
      isStopped = true;
      window.clearTimeout(reconnectTimer);
      window.clearTimeout(batchTimer);
      socket?.close(1000, 'signed out or left');
    };
  }, [queryClient, workspaceId]);

  return status;
}
