/**
 * Multi-row INSERTs whose rows travel as one JSON parameter (`json_populate_recordset`) instead of
 * one bind parameter per column per row. Drizzle builds a 50-row insert of a wide table (messages,
 * outbound_emails) from well over a thousand parameters, one entity check after another; in the
 * ingest benchmark that building cost more server CPU than the rest of the batch's statements.
 * Here the rows become one `JSON.stringify`, and PostgreSQL maps each key to its column's type
 * (timestamps from ISO strings, jsonb from nested JSON, arrays from JSON arrays).
 */
import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgInsertValue, PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from './database.ts';

/**
 * `insert into <table> (<columns>) select <columns> from json_populate_recordset(null::<table>, $1)`
 * for rows keyed like the table's Drizzle columns, or null when the rows do not all set the same
 * columns: a value left out must take the column's default, which a JSON record cannot say (it
 * would be NULL), so the caller uses Drizzle's insert for those rows instead.
 */
export function jsonRowsInsert(table: PgTable, rows: readonly Record<string, unknown>[]): SQL | null {
  const first = rows[0];
  if (!first) return null;
  const columns = getTableColumns(table);
  const keys = Object.keys(first).filter((key) => first[key] !== undefined);
  for (const key of keys) if (!columns[key]) throw new Error(`${key} is not a column of the table`);
  for (const row of rows) {
    let defined = 0;
    for (const key in row) if (row[key] !== undefined) defined += 1;
    if (defined !== keys.length || keys.some((key) => row[key] === undefined)) return null;
  }
  const names = keys.map((key) => columns[key]!.name);
  const records = rows.map((row) => Object.fromEntries(keys.map((key, index) => [names[index], row[key]])));
  const list = sql.join(names.map((name) => sql.identifier(name)), sql`, `);
  return sql`insert into ${table} (${list}) select ${list} from json_populate_recordset(null::${table}, ${JSON.stringify(records)}::json)`;
}

/** The rows' INSERT as an SQL fragment (for a CTE): one JSON parameter where it can, Drizzle's VALUES where it cannot. */
export function insertRowsSql<T extends PgTable>(db: DbOrTx, table: T, rows: PgInsertValue<T>[]): SQL {
  return jsonRowsInsert(table, rows as Record<string, unknown>[]) ?? db.insert(table).values(rows).getSQL();
}
