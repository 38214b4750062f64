import pg from 'pg';

import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import * as schema from './schema.ts';
import { assertChannelName, migrationsFolder, type Database, type Db } from './database.ts';

// Return int8 (count(*), bigserial) as numbers, as PGlite does, so both drivers give the same rows.
pg.types.setTypeParser(20, (value) => Number(value));

export interface PostgresOptions {
  connectionString: string;
  poolSize?: number;
  /** Called when the LISTEN connection drops and is being re-established. */
  onListenError?: (error: Error) => void;
}

export async function createPostgresDatabase(options: PostgresOptions): Promise<Database & { pool: pg.Pool }> {
  // JIT compiles expensive-looking plans (costs summed over branches that never run, as in search)
  // and cost 80 ms on a 20 ms query here; an OLTP help desk is better off without it.
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10, options: '-c jit=off' });
  pool.on('error', (error) => options.onListenError?.(error));
  const version = await pool.query<{ server_version_num: string }>('show server_version_num');
  const versionNumber = Number(version.rows[0]?.server_version_num ?? 0);
  if (versionNumber < 150000) {
    await pool.end();
    throw new Error(`PostgreSQL 15 or newer is required; this server is ${versionNumber}`);
  }
  const db = drizzle({ client: pool, schema }) as unknown as Db;
  const listeners = new Map<string, Set<(payload: string) => void>>();
  let listenClient: pg.Client | null = null;
  let closed = false;

  async function connectListener(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: options.connectionString });
    await client.connect();
    client.on('notification', (message) => {
      for (const handler of listeners.get(message.channel) ?? []) handler(message.payload ?? '');
    });
    client.on('error', (error) => {
      options.onListenError?.(error);
      listenClient = null;
      if (!closed) setTimeout(() => void reconnect(), 1000);
    });
    for (const channel of listeners.keys()) await client.query(`LISTEN ${channel}`);
    return client;
  }
  async function reconnect() {
    try {
      listenClient = await connectListener();
    } catch (error) {
      options.onListenError?.(error as Error);
      if (!closed) setTimeout(() => void reconnect(), 2000);
    }
  }

  return {
    kind: 'postgres',
    db,
    pool,
    async query<Row extends Record<string, unknown>>(text: string, params: unknown[] = []) {
      const result = await pool.query<Row>(text, params);
      return result.rows;
    },
    async exec(script: string) {
      // A multi-statement simple query yields an array of results.
      const result = (await pool.query(script)) as unknown as pg.QueryResult | pg.QueryResult[];
      const last = Array.isArray(result) ? result[result.length - 1] : result;
      return (last?.rows ?? []) as Record<string, unknown>[];
    },
    async listen(channel, handler) {
      assertChannelName(channel);
      listenClient ??= await connectListener();
      let handlers = listeners.get(channel);
      if (!handlers) {
        handlers = new Set();
        listeners.set(channel, handlers);
        await listenClient.query(`LISTEN ${channel}`);
      }
      handlers.add(handler);
      return async () => {
        handlers.delete(handler);
      };
    },
    async migrate() {
      // web and worker may start together: one migrates while the other waits on the lock.
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock(7245031)');
        await migrate(drizzle({ client, schema }), { migrationsFolder });
      } finally {
        await client.query('select pg_advisory_unlock(7245031)').catch(() => undefined);
        client.release();
      }
    },
    async close() {
      closed = true;
      await listenClient?.end().catch(() => undefined);
      await pool.end();
    },
  };
}
