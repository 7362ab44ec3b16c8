import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { getPool, schema, type Database } from './client';
import { RAW_TYPES_PARSER } from './prepared';

const handles = new WeakMap<pg.PoolClient, Database>();

export interface OpenedTransaction {
  tx: Database;
  /** Rows of each opening statement (after the BEGIN). */
  results: Array<Record<string, unknown>[]>;
  /** Sent with the COMMIT, in the same round trip (e.g. `set local synchronous_commit = on`). */
  beforeCommit: string | null;
}

/**
 * A transaction whose BEGIN travels with its first statements in one round trip, then `body` on the
 * same connection; rolled back if body throws. node-postgres sends one query per round trip, and on
 * the engine's per-node path a round trip costs as much as the work. The opening is a simple query:
 * its statements still run one after the other, each with its own snapshot, but it can hold
 * literals only, never a value from outside that was not validated.
 */
export async function transactionOpenedBy<T>(opening: string, body: (t: OpenedTransaction) => Promise<T>): Promise<T> {
  const client = await getPool().connect();
  let broken: Error | undefined;
  try {
    const results = (await client.query({ text: `begin; ${opening}`, types: RAW_TYPES_PARSER } as pg.QueryConfig)) as unknown as pg.QueryResult[];
    let tx = handles.get(client);
    if (!tx) {
      tx = drizzle(client, { schema });
      handles.set(client, tx);
    }
    const rows = results.slice(1).map((r) => r.rows as Record<string, unknown>[]);
    const t: OpenedTransaction = { tx, results: rows, beforeCommit: null };
    try {
      const out = await body(t);
      await client.query(t.beforeCommit ? `${t.beforeCommit}; commit` : 'commit');
      return out;
    } catch (err) {
      await client.query('rollback').catch((e: Error) => (broken = e));
      throw err;
    }
  } finally {
    client.release(broken);
  }
}
