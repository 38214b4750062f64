/** The database-driver contract: the same suite runs on PGlite (int-pglite) and PostgreSQL (int-postgres). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from './database.ts';
import { workspaces } from './schema.ts';
import { createTestDatabase, testDatabaseKind } from '../../../tests/support/database.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe(`database driver: ${testDatabaseKind}`, () => {
  it('reports its kind', () => {
    expect(database.kind).toBe(testDatabaseKind);
  });

  it('runs parameterised queries and returns int8 as numbers on both drivers', async () => {
    const rows = await database.query<{ total: number; text: string }>('select count(*) as total, $1::text as text from generate_series(1, 3)', ['hi']);
    expect(rows).toEqual([{ total: 3, text: 'hi' }]);
  });

  it('runs multi-statement scripts and returns the last rows', async () => {
    const rows = await database.exec('create temp table probe (value int); insert into probe values (1), (2); select sum(value)::int as sum from probe;');
    expect(rows).toEqual([{ sum: 3 }]);
  });

  it('applies migrations idempotently', async () => {
    await database.migrate();
    await database.migrate();
    const rows = await database.query<{ count: number }>('select count(*)::int as count from drizzle.__drizzle_migrations');
    expect(rows[0]?.count).toBeGreaterThanOrEqual(1);
  });

  it('delivers NOTIFY on commit only, never for a rolled-back transaction', async () => {
    const received: string[] = [];
    const unlisten = await database.listen('rapport_contract_probe', (payload) => received.push(payload));
    await database.db
      .transaction(async (tx) => {
        await tx.execute(sql`select pg_notify('rapport_contract_probe', 'rolled-back')`);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_notify('rapport_contract_probe', 'committed')`);
    });
    const deadline = Date.now() + 5000;
    while (received.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received).toEqual(['committed']);
    await unlisten();
  });

  it('rolls a failed transaction back entirely', async () => {
    await database.db
      .transaction(async (tx) => {
        await tx.insert(workspaces).values({ slug: 'contract-rollback', name: 'x' });
        throw new Error('fail after insert');
      })
      .catch(() => undefined);
    const rows = await database.query('select 1 from workspaces where slug = $1', ['contract-rollback']);
    expect(rows).toEqual([]);
  });

  it('enforces unique constraints so duplicates are absorbed with ON CONFLICT', async () => {
    await database.db.insert(workspaces).values({ slug: 'contract-unique', name: 'a' });
    const again = await database.db.insert(workspaces).values({ slug: 'contract-unique', name: 'b' }).onConflictDoNothing().returning();
    expect(again).toEqual([]);
    await expect(database.db.insert(workspaces).values({ slug: 'contract-unique', name: 'c' })).rejects.toThrow();
  });
});
