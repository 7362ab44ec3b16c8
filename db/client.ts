import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema';
import { requireEnv } from '@/server/env';

export type Database = NodePgDatabase<typeof schema>;
/** A database handle or an open transaction: services accept either. */
export type DbOrTx = Database | Parameters<Parameters<Database['transaction']>[0]>[0];

let pool: pg.Pool | undefined;
let database: Database | undefined;

export function createPool(url: string, max = 10, extra: pg.PoolConfig = {}): pg.Pool {
  const p = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: 30_000, ...extra });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  p.on('error', () => undefined);
  return p;
}

export function getPool(): pg.Pool {
  pool ??= createPool(requireEnv('DATABASE_URL'));
  return pool;
}

export function db(): Database {
  database ??= drizzle(getPool(), { schema });
  return database;
}

let lazyPool: pg.Pool | undefined;
let lazyDatabase: Database | undefined;

/**
 * Connections whose commits do not wait for the disk (`synchronous_commit = off`), for a write whose
 * caller is told nothing until a later synchronous commit has made it durable: WAL is flushed in
 * order, so that commit flushes this one too. A database crash in between loses the write before
 * anyone relied on it (the `wait: true` accept: see execute-script.ts).
 */
export function lazyCommitDb(): Database {
  lazyPool ??= createPool(requireEnv('DATABASE_URL'), 4, { options: '-c synchronous_commit=off' });
  lazyDatabase ??= drizzle(lazyPool, { schema });
  return lazyDatabase;
}

export async function closeDb(): Promise<void> {
  const pools = [pool, lazyPool];
  pool = undefined;
  database = undefined;
  lazyPool = undefined;
  lazyDatabase = undefined;
  await Promise.all(pools.map((p) => p?.end()));
}

export { schema };
