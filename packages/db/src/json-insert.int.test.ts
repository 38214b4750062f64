/** Rows as one JSON parameter insert the same values as Drizzle's VALUES would, on both databases. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { bigint, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Database } from './database.ts';
import { insertRowsSql, jsonRowsInsert } from './json-insert.ts';
import { createTestDatabase, testDatabaseKind } from '../../../tests/support/database.ts';

const probe = pgTable('json_insert_probe', {
  id: uuid('id').primaryKey(),
  labels: text('labels').array(),
  data: jsonb('data'),
  at: timestamp('at', { withTimezone: true, mode: 'date' }),
  count: bigint('count', { mode: 'number' }),
  note: text('note').notNull().default('by default'),
});

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  await database.exec(`create table if not exists json_insert_probe (id uuid primary key, labels text[], data jsonb, at timestamptz, count bigint, note text not null default 'by default')`);
});
afterAll(async () => {
  await database?.exec('drop table if exists json_insert_probe');
  await database?.close();
});

const ids = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000003'];

describe(`rows as one JSON parameter: ${testDatabaseKind}`, () => {
  it('keeps arrays, jsonb (objects, strings, null), timestamps, numbers and quotes; a column no row sets takes its default', async () => {
    const at = new Date('2026-11-26T13:45:01.234Z');
    const rows = [
      { id: ids[0]!, labels: ['a', 'b "quoted"', "it's"], data: { nested: [1, 'two', null] }, at, count: 9_007_199_254 },
      { id: ids[1]!, labels: [], data: 'just a string', at, count: 0 },
      { id: ids[2]!, labels: null, data: null, at: null, count: null },
    ];
    const statement = jsonRowsInsert(probe, rows);
    expect(statement).not.toBeNull();
    await database.db.execute(sql`${statement} returning id`);
    const stored = await database.db.select().from(probe).orderBy(probe.id);
    expect(stored).toEqual([
      { ...rows[0], note: 'by default' },
      { ...rows[1], note: 'by default' },
      { ...rows[2], note: 'by default' },
    ]);
  });

  it('leaves rows that set different columns to Drizzle, so an unset value still takes its default', async () => {
    await database.exec('delete from json_insert_probe');
    const rows = [
      { id: ids[0]!, note: 'set here' },
      { id: ids[1]! },
    ];
    expect(jsonRowsInsert(probe, rows)).toBeNull();
    await database.db.execute(insertRowsSql(database.db, probe, rows));
    const stored = await database.db.select({ id: probe.id, note: probe.note }).from(probe).orderBy(probe.id);
    expect(stored).toEqual([
      { id: ids[0], note: 'set here' },
      { id: ids[1], note: 'by default' },
    ]);
  });

  it('refuses a key that is no column of the table', () => {
    expect(() => jsonRowsInsert(probe, [{ id: ids[0]!, colour: 'red' } as never])).toThrow('colour is not a column');
  });
});
