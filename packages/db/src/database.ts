/**
 * The Database driver: one small interface over PGlite (embedded) and PostgreSQL (production).
 * Everything above this file sees only `Database`; the composition root picks the implementation.
 */
import { fileURLToPath } from 'node:url';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** The transaction handle Drizzle passes to `db.transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

/** The rows of `db.execute(sql\`…\`)`: node-postgres and PGlite both return `{ rows }`. */
export function executedRows<Row>(result: unknown): Row[] {
  return (result as { rows: Row[] }).rows;
}

export type Unlisten = () => Promise<void>;

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Db;
  /** Raw SQL with $1 parameters, for benchmarks, health checks and the few queries Drizzle cannot say. */
  query<Row extends Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
  /** Runs a multi-statement script without parameters; returns the rows of its last statement. */
  exec(script: string): Promise<Record<string, unknown>[]>;
  /** LISTEN on a channel; the handler gets each NOTIFY payload. */
  listen(channel: string, handler: (payload: string) => void): Promise<Unlisten>;
  /** Applies pending migrations from the one migration folder. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export const migrationsFolder = fileURLToPath(new URL('../migrations', import.meta.url));

export function assertChannelName(channel: string): string {
  // LISTEN takes an identifier, not a parameter, so only allow plain names.
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`Invalid channel name: ${channel}`);
  return channel;
}
