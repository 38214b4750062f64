import type { FastifyInstance } from 'fastify';
import type { Actor } from './actor.ts';
import type { RealtimeBus } from './realtime-bus.ts';

export const streamUrl = '/api/v1/stream';

/** The authenticated WebSocket: pushes the workspace's realtime events to a signed-in agent. */
export function registerStream(app: FastifyInstance, bus: RealtimeBus): void {
  app.get(streamUrl, { websocket: true, config: { permission: 'ticket.read', routeId: 'stream' }, schema: { hide: true } }, (socket, request) => {
    const actor = request.authentication?.actor as Actor; // the auth hook rejected the upgrade otherwise
    const unsubscribe = bus.subscribe(actor.workspaceId, (event) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(event));
    });
    const heartbeat = setInterval(() => {
      if (socket.readyState === socket.OPEN) socket.ping();
    }, 25_000);
    socket.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
    socket.send(JSON.stringify({ type: 'hello', workspaceId: actor.workspaceId }));
  });
}
