import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { PresenceClientMessage } from '@rapport/contracts/realtime';
import type { Actor } from './actor.ts';
import type { Authenticator } from './http-server.ts';
import { RateLimiter } from './presence.ts';
import type { RealtimeBus, StreamMessage } from './realtime-bus.ts';

export const streamUrl = '/api/v1/stream';

/** How often an open stream re-checks its session or token (a revoked one is disconnected). */
export const streamRecheckMs = 60_000;

/** True when the Origin names this host (or a configured public URL); a missing Origin is not a browser. */
export function isSameOrigin(origin: string | undefined, host: string | undefined, allowedOrigins: readonly string[]): boolean {
  if (!origin) return true;
  try {
    const parsed = new URL(origin);
    return parsed.host === host || allowedOrigins.includes(parsed.origin);
  } catch {
    return false;
  }
}

/** Presence messages a socket may send: a burst of 10, then one every 2 seconds on average. */
const presenceBurst = 10;
const presencePerSecond = 0.5;
/** Largest client message accepted; presence messages are under 150 bytes. */
const maxClientMessageBytes = 1024;

/** Which stream messages a socket receives: its workspace's changes, its own notifications, presence on its ticket. */
export function isForSocket(event: StreamMessage, actor: Actor, presenceTicketId: string | null): boolean {
  if (event.workspaceId !== actor.workspaceId) return false;
  if (event.type === 'notification.created') return event.userId === actor.userId;
  if (event.type === 'presence') return event.ticketId === presenceTicketId;
  return true;
}

/**
 * The authenticated WebSocket: pushes the workspace's realtime events to a signed-in agent, and
 * takes presence messages from them (viewing / typing on a ticket of their workspace, or left),
 * validated and rate-limited, fanned out to the other web processes through the bus.
 */
export function registerStream(
  app: FastifyInstance,
  bus: RealtimeBus,
  authenticator: Authenticator,
  allowedOrigins: readonly string[] = [],
  recheckMs = streamRecheckMs,
): void {
  app.get(streamUrl, { websocket: true, config: { permission: 'ticket.read', routeId: 'stream' }, schema: { hide: true } }, (socket, request) => {
    const actor = request.authentication?.actor as Actor; // the auth hook rejected the upgrade otherwise
    // Browsers send cookies on cross-site WebSocket upgrades: a cookie session only streams to our own pages.
    if (request.authentication?.csrfToken && !isSameOrigin(request.headers.origin, request.headers.host, allowedOrigins)) {
      socket.close(4403, 'cross-origin stream refused');
      return;
    }
    const connectionId = randomUUID();
    let presenceTicketId: string | null = null;
    let memberName: string | null = null;
    const knownTickets = new Set<string>();
    const limiter = new RateLimiter(presenceBurst, presencePerSecond, Date.now());
    let isClosed = false;
    /** Presence messages of one socket are handled in order, one at a time. */
    let queue: Promise<void> = Promise.resolve();
    const send = (event: StreamMessage | { type: 'error'; code: string; message: string }) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(event));
    };
    const unsubscribe = bus.subscribe(actor.workspaceId, (event) => {
      if (isForSocket(event, actor, presenceTicketId)) send(event);
    });

    async function handlePresence(raw: string) {
      let message: PresenceClientMessage;
      try {
        message = PresenceClientMessage.parse(JSON.parse(raw));
      } catch {
        send({ type: 'error', code: 'VALIDATION_FAILED', message: 'Not a presence message.' });
        return;
      }
      if (!actor.userId) return; // an API token is not a person on a page
      if (message.type === 'presence.leave') {
        if (!presenceTicketId) return;
        presenceTicketId = null;
        await bus.publishPresence({ op: 'drop', workspaceId: actor.workspaceId, connectionId });
        return;
      }
      if (!knownTickets.has(message.ticketId)) {
        if (!(await bus.isWorkspaceTicket(actor.workspaceId, message.ticketId))) {
          send({ type: 'error', code: 'TICKET_NOT_FOUND', message: 'No such ticket in this workspace.' });
          return;
        }
        knownTickets.add(message.ticketId);
      }
      memberName ??= (await bus.memberName(actor.workspaceId, actor.userId)) ?? 'Agent';
      if (isClosed) return; // the socket closed while we looked things up: its drop was already announced
      presenceTicketId = message.ticketId;
      await bus.publishPresence({
        op: 'set',
        workspaceId: actor.workspaceId,
        ticketId: message.ticketId,
        connectionId,
        userId: actor.userId,
        name: memberName,
        state: message.state,
        at: Date.now(),
      });
    }

    socket.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
      const size = Array.isArray(data) ? data.reduce((total, part) => total + part.length, 0) : data instanceof ArrayBuffer ? data.byteLength : data.length;
      if (isBinary || size > maxClientMessageBytes) {
        socket.close(1009, 'message too large or binary');
        return;
      }
      if (!limiter.take(Date.now())) {
        send({ type: 'error', code: 'RATE_LIMITED', message: 'Too many presence messages; slow down.' });
        return;
      }
      const raw = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8'); // ws hands text frames as a Buffer or an ArrayBuffer
      queue = queue.then(() => handlePresence(raw)).catch((error: unknown) => request.log.warn({ err: error }, 'presence message failed'));
    });
    const heartbeat = setInterval(() => {
      if (socket.readyState === socket.OPEN) socket.ping();
    }, 25_000);
    // Signing out, a password change or a revoked token must also end an open stream.
    const recheck = setInterval(() => {
      authenticator
        .authenticate(request)
        .then((current) => {
          if (!current || current.actor.workspaceId !== actor.workspaceId) socket.close(4401, 'session ended');
        })
        .catch(() => socket.close(1011, 'could not re-check the session'));
    }, recheckMs);
    socket.on('close', () => {
      clearInterval(heartbeat);
      clearInterval(recheck);
      unsubscribe();
      isClosed = true;
      if (presenceTicketId) {
        presenceTicketId = null;
        bus.publishPresence({ op: 'drop', workspaceId: actor.workspaceId, connectionId }).catch((error: unknown) => request.log.warn({ err: error }, 'could not announce a closed stream'));
      }
    });
    socket.send(JSON.stringify({ type: 'hello', workspaceId: actor.workspaceId }));
  });
}
