import type { SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { getPool, schema, type Database } from './client';
import { RAW_TYPES_PARSER } from './prepared';

const handles = new WeakMap<pg.PoolClient, Database>();
const dialect = new PgDialect();

/** The statement with its values written in as literals (escaped by node-postgres), for a simple query. */
export function inlined(query: SQL): string {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const v = params[Number(n) - 1];
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'number' || typeof v === 'bigint') return String(v);
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    return pg.escapeLiteral(v instanceof Date ? v.toISOString() : typeof v === 'string' ? v : JSON.stringify(v));
  });
}

export interface OpenedTransaction {
  tx: Database;
  /** Rows of each opening statement (after the BEGIN). */
  results: Array<Record<string, unknown>[]>;
  /** Statements sent with the COMMIT, in the same round trip; their rows come back as `closed`. */
  closing: SQL[];
}

/**
 * A transaction whose BEGIN travels with its first statements in one round trip, then `body` on the
 * same connection; rolled back if body throws. node-postgres sends one query per round trip, and on
 * the engine's per-node path a round trip costs as much as the work. The opening is a simple query:
 * its statements still run one after the other, each with its own snapshot, but it can hold
 * literals only, never a value from outside that was not validated.
 */
export async function transactionOpenedBy<T>(
  opening: string,
  body: (t: OpenedTransaction) => Promise<T>,
): Promise<{ value: T; closed: Array<Record<string, unknown>[]> }> {
  const client = await getPool().connect();
  let broken: Error | undefined;
  // Leaves the connection outside any transaction, or marks it broken so the pool drops it: a
  // failed statement must never hand the next borrower a connection inside an aborted transaction.
  const rollback = () => client.query('rollback').then(() => undefined, (e: Error) => void (broken = e));
  try {
    let results: pg.QueryResult[];
    try {
      results = (await client.query({ text: `begin; ${opening}`, types: RAW_TYPES_PARSER } as pg.QueryConfig)) as unknown as pg.QueryResult[];
    } catch (err) {
      await rollback();
      throw err;
    }
    let tx = handles.get(client);
    if (!tx) {
      tx = drizzle(client, { schema });
      handles.set(client, tx);
    }
    const rows = results.slice(1).map((r) => r.rows as Record<string, unknown>[]);
    const t: OpenedTransaction = { tx, results: rows, closing: [] };
    try {
      const value = await body(t);
      const text = [...t.closing.map(inlined), 'commit'].join(';\n');
      const done = (await client.query({ text, types: RAW_TYPES_PARSER } as pg.QueryConfig)) as unknown as pg.QueryResult | pg.QueryResult[];
      const all = Array.isArray(done) ? done : [done];
      return { value, closed: all.slice(0, -1).map((r) => r.rows as Record<string, unknown>[]) };
    } catch (err) {
      await rollback();
      throw err;
    }
  } finally {
    client.release(broken);
  }
}
