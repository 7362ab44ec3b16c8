import type { SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { getPipelinePool, schema, type Database } from './client';
import { RAW_TYPES_PARSER } from './prepared';

const handles = new WeakMap<pg.PoolClient, Database>();
const dialect = new PgDialect();

type Rows = Array<Record<string, unknown>>;

/**
 * Sends every statement before reading any answer: one round trip. Each runs after the one before
 * (with its own snapshot); after a failure PostgreSQL refuses the rest of a transaction, so the
 * first error is the one thrown, once every answer has arrived and the connection is idle again.
 */
async function pipelined(client: pg.PoolClient, statements: Array<SQL | string>): Promise<Rows[]> {
  const sent = statements.map((s) => {
    const { sql: text, params } = typeof s === 'string' ? { sql: s, params: [] } : dialect.sqlToQuery(s);
    return client.query({ text, values: params as unknown[], types: RAW_TYPES_PARSER } as pg.QueryConfig);
  });
  const settled = await Promise.allSettled(sent);
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<pg.QueryResult>).value.rows as Rows);
}

export interface OpenedTransaction {
  tx: Database;
  /** Rows of each opening statement (after the BEGIN). */
  results: Rows[];
  /** Statements sent with the COMMIT, in the same round trip; their rows come back as `closed`. */
  closing: SQL[];
}

/**
 * A transaction whose BEGIN travels with its first statements in one round trip, then `body` on the
 * same connection; rolled back if body throws. On the engine's per-node path a round trip costs as
 * much as the work, so the opening and the closing statements (with the COMMIT) are pipelined.
 * Every value travels as a bound parameter: nothing is written into the SQL text.
 */
export async function transactionOpenedBy<T>(
  opening: SQL[],
  body: (t: OpenedTransaction) => Promise<T>,
): Promise<{ value: T; closed: Rows[] }> {
  const client = await getPipelinePool().connect();
  let broken: Error | undefined;
  // Leaves the connection outside any transaction, or marks it broken so the pool drops it: a
  // failed statement must never hand the next borrower a connection inside an aborted transaction.
  const rollback = () =>
    client.query('rollback').then(
      () => undefined,
      (e: Error) => void (broken = e),
    );
  try {
    let results: Rows[];
    try {
      results = await pipelined(client, ['begin', ...opening]);
    } catch (err) {
      await rollback();
      throw err;
    }
    let tx = handles.get(client);
    if (!tx) {
      tx = drizzle(client, { schema });
      handles.set(client, tx);
    }
    const t: OpenedTransaction = { tx, results: results.slice(1), closing: [] };
    try {
      const value = await body(t);
      const done = await pipelined(client, [...t.closing, 'commit']);
      return { value, closed: done.slice(0, -1) };
    } catch (err) {
      await rollback();
      throw err;
    }
  } finally {
    client.release(broken);
  }
}
