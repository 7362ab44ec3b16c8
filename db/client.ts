import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema';

export type Database = NodePgDatabase<typeof schema>;
/** A database handle or an open transaction: services accept either. */
export type DbOrTx = Database | Parameters<Parameters<Database['transaction']>[0]>[0];

let pool: pg.Pool | undefined;
let pipelinePool: pg.Pool | undefined;
let database: Database | undefined;

export function createPool(url: string, max = 10, extra: Pick<pg.PoolConfig, 'pipeline' | 'options'> = {}): pg.Pool {
  const p = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: 30_000, ...extra });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  p.on('error', () => undefined);
  return p;
}

/**
 * The process' pool, for DATABASE_URL. db/ is the bottom floor and reads nothing of server/: each
 * process validated its configuration (server/env.ts) at start-up, before any query.
 */
function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('Missing configuration: DATABASE_URL must be set');
  return url;
}

export function getPool(): pg.Pool {
  pool ??= createPool(databaseUrl());
  return pool;
}

/**
 * Connections in node-postgres's pipeline mode: a query is written without waiting for the answer
 * to the one before (each still an extended-protocol query with bound parameters). Awaited one at
 * a time they behave like any connection; issued together, several statements cost one round trip
 * (`db/transaction-opened-by.ts`). A pool of its own, so the shared one keeps its default mode.
 */
export function getPipelinePool(): pg.Pool {
  pipelinePool ??= createPool(databaseUrl(), 10, { pipeline: true });
  return pipelinePool;
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
  lazyPool ??= createPool(databaseUrl(), 4, { options: '-c synchronous_commit=off' });
  lazyDatabase ??= drizzle(lazyPool, { schema });
  return lazyDatabase;
}

export async function closeDb(): Promise<void> {
  const pools = [pool, pipelinePool, lazyPool];
  pool = undefined;
  pipelinePool = undefined;
  database = undefined;
  lazyPool = undefined;
  lazyDatabase = undefined;
  await Promise.all(pools.map((p) => p?.end()));
}

export { schema };
