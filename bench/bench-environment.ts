import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestServices } from '@/server/test/test-services';

/** Nearest-rank percentile (p in 0..100) of a sample. */
export function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

/**
 * Every benchmark runs against its own embedded PostgreSQL and Redis (or the servers named by
 * DATABASE_URL/REDIS_URL, with a throw-away database) and a private run directory. Call this before
 * importing anything that reads the configuration.
 */
export async function startBenchEnvironment(name: string) {
  process.env.VSS_PROCESS = 'bench';
  process.env.LOG_LEVEL ??= 'warn';
  const services = await startTestServices();
  process.env.DATABASE_URL = services.databaseUrl;
  process.env.REDIS_URL = services.redisUrl;
  process.env.QUEUE_PREFIX = services.queuePrefix;
  process.env.AUTH_SECRET ??= 'bench-secret-bench-secret-bench';
  const storage = mkdtempSync(path.join(os.tmpdir(), `vss-bench-${name}-`));
  process.env.SCRIPT_STORAGE_PATH = storage;
  return {
    services,
    storage,
    async stop() {
      await services.stop();
      rmSync(storage, { recursive: true, force: true });
    },
  };
}
