import type { FastifyInstance } from 'fastify';
import type { Actor } from './actor.ts';
import type { Authenticator } from './http-server.ts';
import type { RealtimeBus } from './realtime-bus.ts';

export const streamUrl = '/api/v1/stream';

/** The authenticated WebSocket: pushes the workspace's realtime events to a signed-in agent. */
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
    const unsubscribe = bus.subscribe(actor.workspaceId, (event) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(event));
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
    });
    socket.send(JSON.stringify({ type: 'hello', workspaceId: actor.workspaceId }));
  });
}
