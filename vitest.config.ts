import { defineConfig } from 'vitest/config';

/**
 * Projects: `unit` (pure, no I/O), `int-pglite` and `int-postgres` (every *.int.test.ts runs on
 * both databases), `e2e` (Chromium journeys). scripts/test.mjs picks which can run here and says
 * loudly what it skipped.
 */
const integration = (database: 'pglite' | 'postgres') => ({
  extends: true as const,
  test: {
    name: `int-${database}`,
    include: [
      'apps/**/*.int.test.ts',
      'packages/**/*.int.test.ts',
      'tests/integration/**/*.int.test.ts',
      // Multi-process deployment tests need a shared server database: PostgreSQL only.
      ...(database === 'postgres' ? ['tests/integration/**/*.pg-only.test.ts'] : []),
      // The embedded-mode process tests (lock file, kill -9, SIGTERM) run once, with PGlite.
      ...(database === 'pglite' ? ['tests/integration/**/*.pglite-only.test.ts'] : []),
    ],
    env: { RAPPORT_TEST_DATABASE: database },
    globalSetup: [`tests/support/global-setup-${database}.ts`],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

export default defineConfig({
  test: {
    exclude: ['**/node_modules/**', '**/dist/**', 'data/**'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['apps/**/*.test.ts', 'packages/**/*.test.ts', 'tests/unit/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**', '**/dist/**'],
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
        },
      },
    ],
  },
});
