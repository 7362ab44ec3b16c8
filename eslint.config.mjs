import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', '.next/**', '.next-*/**', '.data/**', 'db/migrations/**', 'next-env.d.ts', 'public/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  { files: ['**/*.mjs'], languageOptions: { globals: { process: 'readonly', setInterval: 'readonly', console: 'readonly' } } },
  {
    // Domain modules decide; transports (tRPC, REST, Next, the worker's BullMQ) only carry.
    files: ['server/**/*.ts'],
    ignores: ['server/trpc/**', 'server/rest/**', 'server/session/**', 'server/queue/**', 'server/test/**', '**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['next', 'next/*'], message: 'domain code must not depend on Next.js' },
          { group: ['@trpc/*'], message: 'domain code must not depend on tRPC' },
          { group: ['bullmq'], message: 'domain code reaches queues through server/queue only' },
        ],
      }],
    },
  },
  {
    // The engine's and the execution lifecycle's decisions are pure functions of data: no database,
    // queue or worker, so their table-driven tests need none either.
    files: ['server/workflows/engine/**/*.ts', 'server/executions/lifecycle/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['next', 'next/*', '@trpc/*'], message: 'decisions do not depend on a transport' },
          { group: ['@/db/*', 'drizzle-orm', 'drizzle-orm/*', 'pg'], message: 'decisions are pure: the caller loads and writes' },
          { group: ['bullmq', 'ioredis', '@/server/queue/*'], message: 'decisions are pure: the caller enqueues' },
          { group: ['@/worker/*'], message: 'server/ never imports the worker' },
        ],
      }],
    },
  },
);
