import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The floors (docs/architecture.md, "Layout"): app/ and worker/ on top, server/ in the middle,
 * db/ at the bottom; components/ beside app/, for the browser. An import may only go down.
 * Each floor lists what it must not import, by alias and by relative path.
 */
const floor = (importer, forbidden, { allowTypes = false, sharedOnly = false } = {}) => ({
  // `@/server/…` or `../../server/…`; with sharedOnly, client-safe `*.shared` modules stay allowed.
  regex: `^(?:@/|(?:\\.\\./)+)(?:${forbidden.join('|')})(?:/|$)${sharedOnly ? '(?!.*\\.shared$)' : ''}`,
  message: `${importer} must not import ${forbidden.map((f) => `${f}/`).join(', ')} (see the floors in docs/architecture.md)`,
  allowTypeImports: allowTypes,
  caseSensitive: true,
});
const floors = (patterns) => ({ '@typescript-eslint/no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      '.next/**',
      '.next-*/**',
      '.data/**',
      // Build output of npm start / npm run build (scripts/start.mjs bundles the launcher and worker).
      'dist/**',
      'logs/**',
      'db/migrations/**',
      'next-env.d.ts',
      'public/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    files: ['db/**/*.ts'],
    ignores: ['db/**/*.test.ts'],
    rules: floors([floor('db/', ['server', 'worker', 'app', 'components'])]),
  },
  // A test may use the layers below its own and the test harness (server/test starts a real worker).
  { files: ['db/**/*.test.ts'], rules: floors([floor('db/ tests', ['worker', 'app', 'components'])]) },
  {
    files: ['server/**/*.ts'],
    ignores: ['server/test/**'],
    rules: floors([floor('server/', ['worker', 'app', 'components'])]),
  },
  // The test harness may start a real worker for server tests, as it starts PostgreSQL and Redis.
  { files: ['server/test/**/*.ts'], rules: floors([floor('the test harness', ['app', 'components'])]) },
  { files: ['worker/**/*.ts'], rules: floors([floor('worker/', ['app', 'components'])]) },
  { files: ['app/**/*.ts', 'app/**/*.tsx'], rules: floors([floor('app/', ['worker'])]) },
  {
    // The browser bundle: server code only through types and client-safe `*.shared.ts` modules.
    files: ['components/**/*.ts', 'components/**/*.tsx'],
    rules: floors([
      floor('components/', ['server', 'db'], { allowTypes: true, sharedOnly: true }),
      floor('components/', ['worker', 'app']),
    ]),
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', setInterval: 'readonly', console: 'readonly' } },
  },
  {
    // Domain modules decide; transports (tRPC, REST, Next, the worker's BullMQ) only carry.
    files: ['server/**/*.ts'],
    ignores: [
      'server/trpc/**',
      'server/rest/**',
      'server/session/**',
      'server/queue/**',
      'server/test/**',
      '**/*.test.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['next', 'next/*'], message: 'domain code must not depend on Next.js' },
            { group: ['@trpc/*'], message: 'domain code must not depend on tRPC' },
            { group: ['bullmq'], message: 'domain code reaches queues through server/queue only' },
          ],
        },
      ],
    },
  },
  {
    // The engine's and the execution lifecycle's decisions are pure functions of data: no database,
    // queue or worker, so their table-driven tests need none either.
    files: ['server/workflows/engine/**/*.ts', 'server/executions/lifecycle/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['next', 'next/*', '@trpc/*'], message: 'decisions do not depend on a transport' },
            {
              group: ['@/db/*', 'drizzle-orm', 'drizzle-orm/*', 'pg'],
              message: 'decisions are pure: the caller loads and writes',
            },
            { group: ['bullmq', 'ioredis', '@/server/queue/*'], message: 'decisions are pure: the caller enqueues' },
            { group: ['@/worker/*'], message: 'server/ never imports the worker' },
          ],
        },
      ],
    },
  },
);
