import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, db } from './client';
import { transactionOpenedBy } from './transaction-opened-by';

const table = `tx_opened_by_test_${process.pid}`;

describe('transactionOpenedBy', () => {
  beforeAll(async () => {
    await db().execute(sql.raw(`create table ${table} (id int primary key, note text, doc jsonb, at timestamptz)`));
    await db().execute(sql.raw(`insert into ${table} (id, note) values (1, 'one')`));
  });
  afterAll(async () => {
    await db().execute(sql.raw(`drop table ${table}`));
    await closeDb();
  });

  it('sends values as bound parameters that come back exactly (quotes, comments, JSON, dates, nulls, -1)', async () => {
    const note = `it's a \\ back'slash \\' and $1 and E'x' -- not a comment`;
    const doc = { a: [1, 'two'], q: `"'\\` };
    const at = new Date('2026-01-02T03:04:05.678Z');
    const { value } = await transactionOpenedBy(
      [
        sql`select ${note}::text as note, ${JSON.stringify(doc)}::jsonb as doc, ${at.toISOString()}::timestamptz as at`,
        // A negative number after a minus sign would begin a comment if it were pasted into the text.
        sql`select ${null}::text as nothing, 1-${-1}::int as two`,
      ],
      async (t) => t.results,
    );
    expect(value[0]![0]).toMatchObject({ note, doc });
    expect(new Date(value[0]![0]!.at as string).getTime()).toBe(at.getTime());
    expect(value[1]).toEqual([{ nothing: null, two: 2 }]);
  });

  it('refuses a value of the wrong type as a parameter error, never as SQL text', async () => {
    await expect(transactionOpenedBy([sql`select ${'1; drop table x'}::int`], async () => 'never')).rejects.toThrow(
      /invalid input syntax for type integer/,
    );
    const nan = sql`select * from ${sql.raw(table)} where id = ${Number.NaN}::int`;
    await expect(transactionOpenedBy([nan], async () => 'never')).rejects.toThrow(
      /invalid input syntax for type integer: "NaN"/,
    );
  });

  it('answers each opening statement, runs the closing ones with the commit and returns their rows', async () => {
    const opening = [sql`select note from ${sql.raw(table)} where id = ${1} for update`, sql`select 2 as two`];
    const { value, closed } = await transactionOpenedBy(opening, async (t) => {
      expect(t.results).toEqual([[{ note: 'one' }], [{ two: 2 }]]);
      await t.tx.execute(sql.raw(`update ${table} set note = 'uno' where id = 1`));
      t.closing = [sql`insert into ${sql.raw(table)} (id, note) values (${2}, ${"dos'"}) returning id, note`];
      return 'done';
    });
    expect(value).toBe('done');
    expect(closed).toEqual([[{ id: 2, note: "dos'" }]]);
    const rows = (await db().execute(sql.raw(`select id, note from ${table} order by id`))).rows;
    expect(rows).toEqual([
      { id: 1, note: 'uno' },
      { id: 2, note: "dos'" },
    ]);
  });

  it('rolls everything back when a closing statement fails, and the connection stays usable', async () => {
    const attempt = transactionOpenedBy([sql.raw(`update ${table} set note = 'changed' where id = 1`)], async (t) => {
      t.closing = [
        sql`insert into ${sql.raw(table)} (id, note) values (${3}, ${'three'})`,
        sql`select ${'not a number'}::int`,
      ];
    });
    await expect(attempt).rejects.toThrow(/invalid input syntax for type integer: "not a number"/);
    const rows = (await db().execute(sql.raw(`select id, note from ${table} order by id`))).rows;
    expect(rows).toEqual([
      { id: 1, note: 'uno' },
      { id: 2, note: "dos'" },
    ]);
    for (let i = 0; i < 12; i++) {
      const { value } = await transactionOpenedBy([sql`select 1 as one`], async (t) => t.results[0]);
      expect(value).toEqual([{ one: 1 }]);
    }
  });

  it('rolls back when the body throws', async () => {
    await expect(
      transactionOpenedBy([sql.raw(`update ${table} set note = 'body' where id = 1`)], async () => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    const rows = (await db().execute(sql.raw(`select note from ${table} where id = 1`))).rows;
    expect(rows).toEqual([{ note: 'uno' }]);
  });

  it('hands no connection back inside an aborted transaction when an opening statement fails', async () => {
    const { getPipelinePool } = await import('./client');
    for (let i = 0; i < 3; i++) {
      await expect(
        transactionOpenedBy(
          [sql.raw(`update ${table} set note = 'x' where id = 1`), sql`select ${'nope'}::int`],
          async () => 'never',
        ),
      ).rejects.toThrow(/invalid input syntax/);
    }
    // Every connection of the pipeline pool is borrowed at once: none of them may be in a transaction.
    const clients = await Promise.all(Array.from({ length: 10 }, () => getPipelinePool().connect()));
    try {
      for (const c of clients) {
        const { rows } = await c.query(`select 1 as ok, (select note from ${table} where id = 1) as note`);
        expect(rows).toEqual([{ ok: 1, note: 'uno' }]);
      }
    } finally {
      for (const c of clients) c.release();
    }
  });
});
