import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isAlive, stopStaleFromPidFile } from '@/server/infra/stale-process';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { runMigrations } from '@/db/migrate';
import { ensureServices } from '@/server/infra/services';

export interface TestServices {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  stop(): Promise<void>;
}

/**
 * A fresh, migrated database for one test run. With DATABASE_URL/REDIS_URL given (CI machines with
 * their own servers) we create a throw-away database there and use a unique queue prefix; without
 * them we start embedded services exactly as `npm start` does, in a temporary directory.
 */
/**
 * Embedded servers run in their own process groups (so a terminal Ctrl-C cannot stop them under a
 * running test), which means a test run killed with SIGKILL leaves them behind. Each run records its
 * pid; the next run stops the servers of runs whose process is gone and removes their directories.
 */
async function cleanUpAfterDeadRuns(): Promise<void> {
  for (const name of readdirSync(os.tmpdir()).filter((n) => n.startsWith('vss-test-'))) {
    const dir = path.join(os.tmpdir(), name);
    let owner: number;
    try {
      owner = Number(readFileSync(path.join(dir, 'owner.pid'), 'utf8'));
    } catch {
      continue;
    }
    if (!owner || isAlive(owner)) continue;
    await stopStaleFromPidFile(path.join(dir, 'postgres', 'postmaster.pid'));
    await stopStaleFromPidFile(path.join(dir, 'redis', 'redis.pid'), 'SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startTestServices(): Promise<TestServices> {
  await cleanUpAfterDeadRuns();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'vss-test-'));
  writeFileSync(path.join(tmp, 'owner.pid'), String(process.pid));
  chmodSync(tmp, 0o755); // embedded PostgreSQL runs as the postgres user and must reach its data dir
  const services = await ensureServices({
    dataDir: tmp,
    databaseUrl: process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL,
    redisUrl: process.env.TEST_REDIS_URL ?? process.env.REDIS_URL,
  });
  const dbName = `vss_test_${randomBytes(5).toString('hex')}`;
  const adminUrl = new URL(services.databaseUrl);
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  await admin.end();
  const dbUrl = new URL(services.databaseUrl);
  dbUrl.pathname = `/${dbName}`;
  await runMigrations(dbUrl.toString());
  return {
    databaseUrl: dbUrl.toString(),
    redisUrl: services.redisUrl,
    queuePrefix: `vsstest${randomBytes(4).toString('hex')}`,
    async stop() {
      if (!services.embedded.postgres) {
        const c = new pg.Client({ connectionString: adminUrl.toString() });
        await c.connect();
        await c.query(`drop database if exists ${dbName} with (force)`).catch(() => undefined);
        await c.end();
      }
      await services.stop();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}
