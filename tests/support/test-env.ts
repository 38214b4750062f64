/**
 * The one place tests read the environment (the app itself reads it only in config.ts). Values are
 * set by vitest.config.ts (RAPPORT_TEST_DATABASE) and by the caller (TEST_DATABASE_URL).
 */
const env = process.env;

export const testDatabaseKind: 'pglite' | 'postgres' = env['RAPPORT_TEST_DATABASE'] === 'postgres' ? 'postgres' : 'pglite';
export const testDatabaseUrl: string | undefined = env['TEST_DATABASE_URL'] || undefined;
export const chromiumPath: string = env['CHROMIUM_PATH'] || '/usr/bin/chromium';
export const pgliteTemplatePath: string | undefined = env['RAPPORT_PGLITE_TEMPLATE'] || undefined;
export const postgresTemplateName: string | undefined = env['RAPPORT_PG_TEMPLATE'] || undefined;
/** What a child process needs to find node and npm; nothing else of this environment leaks into it. */
export const childProcessBaseEnv: Record<string, string> = { PATH: env['PATH'] ?? '', HOME: env['HOME'] ?? '' };
