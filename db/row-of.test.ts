import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, db } from './client';
import { executions } from './schema';
import { rowOf } from './row-of';
import { createTestActor, uniqueName } from '@/server/test/fixtures';
import { createScript } from '@/server/scripts/create-script';
import { executeScript } from '@/server/executions/execute-script';

describe('rowOf', () => {
  let id = '';
  beforeAll(async () => {
    const admin = await createTestActor('admin');
    const s = await createScript({ actor: admin, input: { name: uniqueName('row-of'), content: 'true\n', language: 'bash' } });
    id = (await executeScript({ actor: admin, input: { id: s.id, input_parameters: { a: [1, { b: 'c' }] } }, trigger: 'api' })).id;
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
});
