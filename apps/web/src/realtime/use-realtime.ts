import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { RealtimeEvent } from '@rapport/contracts/realtime';
import { queryKeys } from '../api/query-keys.ts';
import { attachSocket, dispatchStreamNotice } from './realtime-connection.ts';
import { createEventBatcher, keysToInvalidate, reconnectDelay } from './realtime-invalidation.ts';

export type RealtimeStatus = 'connecting' | 'live' | 'reconnecting';

/**
 * The first event after a quiet spell is applied at once; the events arriving in the following
 * window are applied together when it ends, so a burst causes one refetch per query per window.
 */
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
    // Every key of a batch is invalidated before any refetch is awaited, so the inbox list and the
    // view counts are fetched in parallel; only queries on screen refetch (the rest turn stale).
    const batcher = createEventBatcher<RealtimeEvent>((events) => {
      for (const queryKey of keysToInvalidate(workspaceId, events)) {
        void queryClient.invalidateQueries({ queryKey, refetchType: 'active' });
      }
    }, batchWindowMs);

    function handleMessage(message: MessageEvent) {
      if (typeof message.data !== 'string') return;
      let data: unknown;
      try {
        data = JSON.parse(message.data);
      } catch {
        return; // not an event (a keep-alive or a future message kind): nothing to refresh
      }
      const parsed = RealtimeEvent.safeParse(data);
      if (!parsed.success) {
        // Presence and notifications go to their subscribers; a new notification refreshes the bell.
        const notice = dispatchStreamNotice(data);
        if (notice?.type === 'notification.created') void queryClient.invalidateQueries({ queryKey: queryKeys.notifications(workspaceId) });
        return;
      }
      batcher.push(parsed.data);
    }

    function connect() {
      if (isStopped) return;
      socket = new WebSocket(streamUrl());
      const opened = socket;
      socket.addEventListener('open', () => {
        attachSocket(opened);
        attempt = 0;
        setStatus('live');
        if (hasConnectedBefore) void queryClient.invalidateQueries({ queryKey: queryKeys.workspace(workspaceId) });
        hasConnectedBefore = true;
      });
      socket.addEventListener('message', handleMessage);
      socket.addEventListener('close', (event) => {
        socket = null;
        attachSocket(null);
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
      batcher.dispose();
      attachSocket(null);
      socket?.close(1000, 'signed out or left');
    };
  }, [queryClient, workspaceId]);

  return status;
}
