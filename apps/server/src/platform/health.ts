import type { FastifyInstance } from 'fastify';
import type { Database } from '@rapport/db/database';

export function registerHealth(app: FastifyInstance, database: Database, isShuttingDown: () => boolean): void {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    if (isShuttingDown()) return reply.code(503).send({ status: 'shutting_down' });
    try {
      await database.query('select 1 from workspaces limit 1');
      return { status: 'ready', database: database.kind };
    } catch (error) {
      return reply.code(503).send({ status: 'database_unavailable', message: (error as Error).message });
    }
  });
}
