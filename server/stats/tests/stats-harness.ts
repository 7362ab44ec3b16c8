import { inArray, sql } from 'drizzle-orm';
import { closeDb, db } from '@/db/client';
import { executions } from '@/db/schema';
import { resetEnvCache } from '@/server/env';
import { startTestServices, type TestServices } from '@/server/test/test-services';

/**
 * A database of this test file's own (on the run's PostgreSQL server), so global figures such as
 * the overview's totals can be asserted exactly while other test files run beside it.
 */
export async function usePrivateDatabase(): Promise<TestServices> {
  const services = await startTestServices();
  await closeDb();
  process.env.DATABASE_URL = services.databaseUrl;
  resetEnvCache();
  return services;
}

export type Status = 'queued' | 'running' | 'succeeded' | 'failed' | 'timed_out' | 'cancelled';

export interface RunSpec {
  scriptId: string | null;
  status: Status;
  durationMs?: number | null;
  trigger?: 'manual' | 'schedule' | 'event' | 'webhook' | 'api' | 'workflow';
  /** Minutes before now that the run finished (and was queued, one minute earlier). */
  agoMinutes?: number;
}

/** Inserts runs as a worker would have left them (not yet rolled up); returns the rows. */
export async function insertRuns(specs: RunSpec[]) {
  const now = Date.now();
  const values = specs.map((s) => {
    const finished = new Date(now - (s.agoMinutes ?? 0) * 60_000);
    const final = s.status !== 'queued' && s.status !== 'running';
    return {
      scriptId: s.scriptId,
      scriptVersion: 1,
      triggerType: s.trigger ?? 'manual',
      status: s.status,
      timeoutSeconds: 60,
      queuedAt: new Date(finished.getTime() - 60_000),
      startedAt: s.status === 'queued' ? null : new Date(finished.getTime() - (s.durationMs ?? 0)),
      finishedAt: final ? finished : null,
      durationMs: final ? (s.durationMs ?? null) : null,
    };
  });
  const rows = [];
  for (let i = 0; i < values.length; i += 500)
    rows.push(
      ...(await db()
        .insert(executions)
        .values(values.slice(i, i + 500))
        .returning()),
    );
  return rows;
}

export async function rolledUpFlags(ids: string[]): Promise<boolean[]> {
  const rows = await db()
    .select({ id: executions.id, r: executions.rolledUp })
    .from(executions)
    .where(inArray(executions.id, ids));
  return rows.map((r) => r.r);
}

/** Sum of a rollup table's counts and histogram cells, for a script or all. */
export async function rollupSums(
  table: 'execution_rollups' | 'execution_rollup_hours' | 'execution_rollup_scripts' | 'execution_rollup_totals',
  scriptId?: string,
) {
  const where = scriptId ? sql`where script_id = ${scriptId}` : sql``;
  const r = await db().execute<{ n: number; cells: number; dn: number }>(sql`
    select coalesce(sum(count), 0)::int as n, coalesce(sum(duration_count), 0)::int as dn,
      coalesce((select sum(c) from ${sql.raw(table)} t2, unnest(t2.histogram) c ${scriptId ? sql`where t2.script_id = ${scriptId}` : sql``}), 0)::int as cells
    from ${sql.raw(table)} ${where}`);
  return r.rows[0]!;
}
