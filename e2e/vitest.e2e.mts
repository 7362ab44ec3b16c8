import { defineConfig } from 'vitest/config';
import path from 'node:path';

export default defineConfig({
  resolve: { alias: { '@': path.join(import.meta.dirname, '..') } },
  test: {
    root: path.join(import.meta.dirname, '..'),
    include: ['e2e/**/*.spec.ts'],
    globalSetup: [path.join(import.meta.dirname, 'support/global-setup.ts')],
    testTimeout: 90_000,
    hookTimeout: 120_000,
    // One browser-driven file at a time: the app under test and Chromium share two cores.
    fileParallelism: false,
    pool: 'forks',
  },
});
