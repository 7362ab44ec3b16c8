// Temporary config for helpers: no DB/Redis global setup. Use: npx vitest run --config /work/vitest.pure.mts <files>
import { defineConfig } from 'vitest/config';
export default defineConfig({
  root: '/work/main',
  resolve: { alias: { '@': '/work/main' } },
  test: { include: ['server/**/*.test.ts', 'worker/**/*.test.ts'], testTimeout: 30000, pool: 'forks' },
});
