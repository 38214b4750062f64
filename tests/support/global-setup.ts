/**
 * Migrates once per run: a PGlite data-dir dump that every test file loads, or a PostgreSQL
 * template database that every test file clones. Keeps each file's own database fresh and cheap.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { createPgliteDatabase } from '../../packages/db/src/pglite-database.ts';
import { createPostgresDatabase } from '../../packages/db/src/postgres-database.ts';
import { testDatabaseUrl } from './test-env.ts';

export async function setupPostgresTemplate(project: TestProject) {
  {
    if (!testDatabaseUrl) throw new Error('int-postgres needs TEST_DATABASE_URL (scripts/test.mjs skips this project without it)');
    const admin = await createPostgresDatabase({ connectionString: testDatabaseUrl, poolSize: 1 });
    const template = `rapport_template_${process.pid}`;
    await admin.exec(`drop database if exists ${template}`);
    await admin.exec(`create database ${template}`);
    const url = new URL(testDatabaseUrl);
    url.pathname = `/${template}`;
    const templateDatabase = await createPostgresDatabase({ connectionString: url.toString(), poolSize: 1 });
    await templateDatabase.migrate();
    await templateDatabase.close();
    project.provide('postgresTemplate', template);
    return async () => {
      await admin.exec(`drop database if exists ${template} with (force)`).catch(() => undefined);
      const leftovers = await admin.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`rapport_t_${process.pid}_%`]);
      for (const row of leftovers) await admin.exec(`drop database if exists ${row.datname} with (force)`).catch(() => undefined);
      await admin.close();
    };
  }
}

export async function setupPgliteTemplate(project: TestProject) {
  const directory = mkdtempSync(join(tmpdir(), 'rapport-pglite-template-'));
  const database = await createPgliteDatabase();
  await database.migrate();
  const dump = await database.client.dumpDataDir('none');
  const path = join(directory, 'template.tar');
  writeFileSync(path, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  project.provide('pgliteTemplate', path);
  return () => rmSync(directory, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string;
  }
}
