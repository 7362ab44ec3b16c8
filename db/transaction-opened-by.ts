import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { getPool, schema, type Database } from './client';
import { RAW_TYPES_PARSER } from './prepared';

const handles = new WeakMap<pg.PoolClient, Database>();

export interface OpenedTransaction {
  tx: Database;
  /** Rows of the opening statement. */
  rows: Record<string, unknown>[];
  /** Sent with the COMMIT, in the same round trip (e.g. `set local synchronous_commit = on`). */
  beforeCommit: string | null;
}

/**
 * A transaction whose BEGIN travels with its first statements in one round trip (a simple query:
 * `opening` holds literals only, never values from outside that were not validated), then `body`
 * on the same connection. node-postgres sends one query per round trip, and on the engine's per-node
 * path a round trip costs as much as the work. Rolled back if body throws.
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
    const t: OpenedTransaction = { tx, rows: results[results.length - 1]!.rows as Record<string, unknown>[], beforeCommit: null };
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
