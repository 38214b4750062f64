import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { Database } from '../../packages/db/src/database.ts';
import { createPgliteDatabase } from '../../packages/db/src/pglite-database.ts';
import { createPostgresDatabase } from '../../packages/db/src/postgres-database.ts';
import { testDatabaseKind, testDatabaseUrl } from './test-env.ts';

export { testDatabaseKind };

/** A fresh, migrated database of the project's kind (int-pglite or int-postgres), private to the caller. */
export async function createTestDatabase(): Promise<Database> {
  if (testDatabaseKind === 'pglite') {
    const template = readFileSync(inject('pgliteTemplate'));
    return createPgliteDatabase({ loadDataDir: new Blob([template]) });
  }
  if (!testDatabaseUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `rapport_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = await createPostgresDatabase({ connectionString: testDatabaseUrl, poolSize: 1 });
  await admin.exec(`create database ${name} template ${inject('postgresTemplate')}`);
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${name}`;
  const database = await createPostgresDatabase({ connectionString: url.toString(), poolSize: 8 });
  const close = database.close.bind(database);
  return Object.assign(database, {
    async close() {
      await close();
      await admin.exec(`drop database if exists ${name} with (force)`);
      await admin.close();
    },
  });
}
