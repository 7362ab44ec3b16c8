import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
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
export async function startTestServices(): Promise<TestServices> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'vss-test-'));
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
