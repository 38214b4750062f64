import { defineConfig } from 'vitest/config';

/**
 * Projects: `unit` (pure, no I/O), `int-pglite` and `int-postgres` (every *.int.test.ts runs on
 * both databases), `e2e` (Chromium journeys), and `serial-pglite` / `serial-postgres` (tests that
 * drive whole server processes: the embedded-mode lock, kill -9 and SIGTERM tests on PGlite; the
 * multi-process and chaos tests on PostgreSQL). scripts/test.mjs picks which can run here and says
 * loudly what it skipped.
 *
 * Timing: unit and integration files run two at a time (vitest's default on a 2-core machine is
 * one); then the Chromium journeys one at a time; then each group of process tests one at a time,
 * alone, so a chaos run's kills and timings never compete with other files for the CPU.
 *
 * Integration and journey files share their worker's module cache (`isolate: false`): every one of
 * them imports the whole server, which cost ~5 s a file when each got a fresh copy (about 200 s of
 * the integration wall time and 100 s of the journeys' on 2 cores). Each file still starts its own
 * Rapport (database, deps, clock) through tests/support, so no state lives in shared modules.
 */
const processTests = { postgres: 'tests/integration/**/*.pg-only.test.ts', pglite: 'tests/integration/**/*.pglite-only.test.ts' } as const;

const databaseProject = (database: 'pglite' | 'postgres') => ({
  env: { RAPPORT_TEST_DATABASE: database },
  globalSetup: [`tests/support/global-setup-${database}.ts`],
  testTimeout: 60_000,
  hookTimeout: 120_000,
});

const integration = (database: 'pglite' | 'postgres') => ({
  extends: true as const,
  test: {
    name: `int-${database}`,
    include: ['apps/**/*.int.test.ts', 'packages/**/*.int.test.ts', 'tests/integration/**/*.int.test.ts'],
    ...databaseProject(database),
    isolate: false,
    sequence: { groupOrder: 0 },
  },
});

const serial = (database: 'pglite' | 'postgres', groupOrder: number) => ({
  extends: true as const,
  test: {
    name: `serial-${database}`,
    include: [processTests[database]],
    ...databaseProject(database),
    fileParallelism: false,
    sequence: { groupOrder },
  },
});

export default defineConfig({
  test: {
    exclude: ['**/node_modules/**', '**/dist/**', 'data/**'],
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['apps/**/*.test.ts', 'packages/**/*.test.ts', 'tests/unit/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**', '**/dist/**'],
          sequence: { groupOrder: 0 },
        },
      },
      integration('pglite'),
      integration('postgres'),
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.test.ts'],
          globalSetup: ['tests/support/global-setup-pglite.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          isolate: false,
          sequence: { groupOrder: 1 },
        },
      },
      serial('pglite', 2),
      serial('postgres', 3),
    ],
  },
});
