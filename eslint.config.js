// Lint: TypeScript rules plus the architecture's dependency edges as errors (ENGINEERING.md §1).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const noEnv = {
  selector: "MemberExpression[object.name='process'][property.name='env']",
  message: 'Only apps/server/src/config.ts (and tests/support/test-env.ts for tests) read process.env; take config as a parameter.',
};

/** Builds a no-restricted-imports rule from forbidden path patterns. */
const forbid = (...groups) => ['error', { patterns: groups.map(([group, message]) => ({ group, message })) }];
const forbidRegex = (regex, message) => ['error', { patterns: [{ regex, message }] }];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'bench/results/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      'no-restricted-syntax': ['error', noEnv],
    },
  },
  {
    // The two sanctioned readers of the environment.
    files: ['apps/server/src/config.ts', 'tests/support/test-env.ts', 'scripts/**', 'bench/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // Scripts and benchmarks talk to a person on the console.
    files: ['scripts/**', 'bench/**', 'packages/reply-coach/eval/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['packages/contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': forbidRegex('^(?!zod$|zod/|\\./)', 'contracts import only zod and each other'),
    },
  },
  {
    files: ['packages/reply-coach/src/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        [['node:*', 'fs', 'path', 'http', 'https', 'net', 'child_process', 'os'], 'the reply coach is pure: no I/O'],
        [['@rapport/*', '**/apps/**', '**/db/**'], 'the reply coach imports nothing of the app'],
      ),
    },
  },
  {
    files: ['packages/business-time/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': forbidRegex('^(?!luxon$|\\./)', 'business time is pure arithmetic: luxon and its own files only'),
    },
  },
  {
    files: ['packages/**/*.ts'],
    ignores: ['packages/contracts/**', 'packages/reply-coach/**', 'packages/business-time/**'],
    rules: {
      'no-restricted-imports': forbid([['@rapport/server', '@rapport/server/*', '@rapport/cli/*', '**/apps/**'], 'packages never import apps']),
    },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}', 'packages/ui/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', '**/*.test.tsx', '**/vite.config.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': forbid(
        [['@rapport/db', '@rapport/db/*', '@rapport/server', '@rapport/server/*', '**/apps/server/**', '**/packages/db/**'], 'browser apps import only contracts, ui and their own code'],
        [['node:*'], 'browser code cannot use Node built-ins'],
      ),
    },
  },
  {
    // A module uses other modules' public use cases and events, never their queries.
    files: ['apps/server/src/modules/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid([['../*/*.queries.ts', '../*/*.queries'], "import another module's use case, not its queries"]),
    },
  },
  {
    // Platform code is below the modules.
    files: ['apps/server/src/platform/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid([['../modules/*', '../modules/**'], 'platform code must not depend on feature modules']),
    },
  },
);
