import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, db } from './client';
import { executions } from './schema';
import { executePrepared } from './prepared';
import { rowOf } from './row-of';
import { createTestActor, uniqueName } from '@/server/test/fixtures';
import { createScript } from '@/server/scripts/create-script';
import { executeScript } from '@/server/executions/execute-script';

describe('rowOf', () => {
  let id = '';
  beforeAll(async () => {
    const admin = await createTestActor('admin');
    const s = await createScript({
      actor: admin,
      input: { name: uniqueName('row-of'), content: 'true\n', language: 'bash' },
    });
    id = (
      await executeScript({
        actor: admin,
        input: { id: s.id, input_parameters: { a: [1, { b: 'c' }] } },
        trigger: 'api',
      })
    ).id;
  });
  afterAll(() => closeDb());

  it('maps a raw row exactly as the query builder does (dates, jsonb, enums, nulls)', async () => {
    const raw = await db().execute(sql`select * from executions where id = ${id}`);
    const [built] = await db().select().from(executions).where(eq(executions.id, id));
    const mapped = rowOf(executions, raw.rows[0] as Record<string, unknown>);
    expect(mapped).toEqual(built);
    expect(mapped.queuedAt).toBeInstanceOf(Date);
    expect(mapped.inputParameters).toEqual({ a: [1, { b: 'c' }] });
  });

  it('a prepared statement answers the rows execute() answers, inside a transaction too, and is planned once per connection', async () => {
    const query = () => sql`select * from executions where id = ${id} and input_parameters ? ${'a'}`;
    const plain = await db().execute(query());
    expect((await executePrepared(db(), query())).rows).toEqual(plain.rows);
    const inTx = await db().transaction(async (tx) => {
      const first = await executePrepared(tx, query());
      // The same connection: the statement is now a named prepared statement of the session.
      const named = await tx.execute(
        sql`select count(*)::int as n from pg_prepared_statements where statement like '%input_parameters ? $2%'`,
      );
      return { rows: first.rows, named: (named.rows[0] as { n: number }).n };
    });
    expect(inTx.rows).toEqual(plain.rows);
    expect(inTx.named).toBe(1);
    expect(rowOf(executions, inTx.rows[0]!)).toEqual(rowOf(executions, plain.rows[0] as Record<string, unknown>));
  });
});
