import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import * as schema from './schema.ts';
import { assertChannelName, migrationsFolder, type Database, type Db } from './database.ts';

export interface PgliteOptions {
  /** A directory, or undefined for an in-memory database (tests). */
  dataDir?: string | undefined;
  /** A dump from dumpDataDir() to start from (tests load a migrated template this way). */
  loadDataDir?: Blob | undefined;
}

export async function createPgliteDatabase(options: PgliteOptions = {}): Promise<Database & { client: PGlite }> {
  const client = await PGlite.create(options.dataDir ?? 'memory://', {
    extensions: { btree_gin },
    // PGlite's WASM memory never shrinks, so its 128 MB default buffer pool is resident for good;
    // 32 MB keeps a one-person desk's working set cached (docs/benchmarks.md, memory).
    startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'],
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  // drizzle's pglite flavour and the shared PgDatabase type differ only in the result HKT.
  const db = drizzle({ client, schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    client,
    async query<Row extends Record<string, unknown>>(text: string, params: unknown[] = []) {
      const result = await client.query<Row>(text, params);
      return result.rows;
    },
    async exec(script: string) {
      const results = await client.exec(script);
      return (results[results.length - 1]?.rows ?? []) as Record<string, unknown>[];
    },
    async listen(channel, handler) {
      const unsubscribe = await client.listen(assertChannelName(channel), handler);
      return async () => {
        await unsubscribe();
      };
    },
    async migrate() {
      await migrate(drizzle({ client, schema }), { migrationsFolder });
    },
    async close() {
      if (!client.closed) await client.close();
    },
  };
}
