import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { closeDb, db } from '@/db/client';
import { executionAttempts, executionLogs, executions } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { createScript } from '@/server/scripts/create-script';
import { createTestActor, uniqueName } from '@/server/test/fixtures';
import type { TestServices } from '@/server/test/test-services';
import { closeRedis } from '@/server/queue/connection';
import { applyRetention } from '../apply-retention';
import { countExecutions, type ExecutionCountFilter } from '../count-executions';
import { getScriptStats } from '../get-script-stats';
import { recordFinalRollup, rollupPending } from '../record-final-rollup';
import { insertRuns, rolledUpFlags, rollupSums, usePrivateDatabase } from './stats-harness';

let services: TestServices;
let admin: Actor;

beforeAll(async () => {
  services = await usePrivateDatabase();
  admin = await createTestActor('admin');
});

afterAll(async () => {
  await closeDb();
  await closeRedis();
  await services?.stop();
});

/** countExecutions must equal count(*) for every combination of filters. */
async function expectCountsMatchTable(scriptId: string) {
  const filters: ExecutionCountFilter[] = [
    {},
    { script_id: scriptId },
    ...(['queued', 'running', 'succeeded', 'failed', 'timed_out', 'cancelled'] as const).flatMap((status) => [
      { status },
      { script_id: scriptId, status },
    ]),
    { trigger_type: 'manual' },
    { script_id: scriptId, trigger_type: 'manual', status: 'failed' },
  ];
  for (const f of filters) {
    const where = [
      f.script_id ? sql`script_id = ${f.script_id}` : sql`true`,
      f.status ? sql`status = ${f.status}` : sql`true`,
      f.trigger_type ? sql`trigger_type = ${f.trigger_type}` : sql`true`,
    ];
    const real = await db().execute<{ n: number }>(
      sql`select count(*)::int as n from executions where ${sql.join(where, sql` and `)}`,
    );
    expect(await countExecutions(f), JSON.stringify(f)).toBe(real.rows[0]!.n);
  }
}

const newScript = async () =>
  (await createScript({ actor: admin, input: { name: uniqueName('rollup'), content: 'echo', language: 'bash' } })).id;

describe('rollups under concurrent finishes', () => {
  it('counts 50 parallel finishes exactly once despite duplicate finish attempts and a concurrent sweep', async () => {
    const scriptId = await newScript();
    const before = await rollupSums('execution_rollup_totals');
    const rows = await insertRuns(Array.from({ length: 50 }, () => ({ scriptId, status: 'running' as const })));
    const statuses = ['succeeded', 'failed', 'timed_out', 'cancelled'] as const;

    // Each run is finished by two racing "workers" with the same conditional update the processor
    // uses (only one wins), and every finisher records the rollup, the loser with the row it read.
    const finish = async (id: string, i: number) => {
      const [won] = await db()
        .update(executions)
        .set({ status: statuses[i % 4]!, finishedAt: new Date(), durationMs: 100 + i })
        .where(and(eq(executions.id, id), eq(executions.status, 'running')))
        .returning();
      const row = won ?? (await db().select().from(executions).where(eq(executions.id, id)))[0]!;
      return recordFinalRollup(db(), row);
    };
    const results = await Promise.all([
      ...rows.flatMap((r, i) => [
        finish(r.id, i),
        finish(r.id, i),
        recordFinalRollup(db(), { ...r, status: statuses[i % 4]! }),
      ]),
      rollupPending().then(() => false),
    ]);
    // Whatever raced, one rollup per run or the sweep took it; never more than one per run.
    expect(results.filter(Boolean).length).toBeLessThanOrEqual(50);
    await rollupPending(); // anything a skipped lock left behind
    expect(await rolledUpFlags(rows.map((r) => r.id))).toEqual(Array(50).fill(true));

    for (const table of ['execution_rollups', 'execution_rollup_scripts'] as const) {
      expect(await rollupSums(table, scriptId)).toEqual({ n: 50, dn: 50, cells: 50 });
    }
    const after = await rollupSums('execution_rollup_totals');
    expect(after.n - before.n).toBe(50);
    expect(after.cells - before.cells).toBe(50);
    const hours = await rollupSums('execution_rollup_hours');
    expect(hours.n).toBe(after.n);

    const stats = await getScriptStats({ actor: admin, input: { id: scriptId } });
    expect(stats.counts).toEqual({ queued: 0, running: 0, succeeded: 13, failed: 13, timed_out: 12, cancelled: 12 });
    await expectCountsMatchTable(scriptId);

    // Finishing again later changes nothing.
    for (const r of rows.slice(0, 5)) expect(await recordFinalRollup(db(), { ...r, status: 'succeeded' })).toBe(false);
    expect(await rollupSums('execution_rollup_scripts', scriptId)).toEqual({ n: 50, dn: 50, cells: 50 });
  });

  it('ignores a row that is not final (a retry was scheduled)', async () => {
    const scriptId = await newScript();
    const [row] = await insertRuns([{ scriptId, status: 'queued' }]);
    expect(await recordFinalRollup(db(), row!)).toBe(false);
    expect(await rollupSums('execution_rollup_scripts', scriptId)).toEqual({ n: 0, dn: 0, cells: 0 });
  });

  it('the sweep adds final runs that were never recorded (a crash between the final write and the rollup)', async () => {
    const scriptId = await newScript();
    await insertRuns(
      Array.from({ length: 12 }, (_, i) => ({ scriptId, status: 'succeeded' as const, durationMs: 10 * i })),
    );
    expect(await rollupPending({ batchSize: 5 })).toBeGreaterThanOrEqual(12);
    expect(await rollupSums('execution_rollup_scripts', scriptId)).toEqual({ n: 12, dn: 12, cells: 12 });
  });
});

describe('retention', () => {
  it('deletes exactly the executions (with logs and attempts) older than the limit, and keeps the rollups', async () => {
    const scriptId = await newScript();
    const day = 24 * 60;
    const old = await insertRuns(
      Array.from({ length: 7 }, () => ({ scriptId, status: 'failed' as const, durationMs: 5, agoMinutes: 40 * day })),
    );
    const recent = await insertRuns(
      Array.from({ length: 3 }, () => ({
        scriptId,
        status: 'succeeded' as const,
        durationMs: 5,
        agoMinutes: 29 * day,
      })),
    );
    const [oldRunning] = await insertRuns([{ scriptId, status: 'running', agoMinutes: 40 * day }]);
    await rollupPending();
    const [oldNotRolled] = await insertRuns([{ scriptId, status: 'succeeded', durationMs: 1, agoMinutes: 40 * day }]);
    const all = [...old, ...recent, oldRunning!, oldNotRolled!];
    await db()
      .insert(executionLogs)
      .values(
        all.flatMap((r) =>
          [1, 2, 3].map((seq) => ({ executionId: r.id, seq, stream: 'stdout', text: `line ${seq}\n` })),
        ),
      );
    await db()
      .insert(executionAttempts)
      .values(all.map((r) => ({ executionId: r.id, attempt: 1, status: r.status, startedAt: r.queuedAt })));
    const rollupsBefore = await rollupSums('execution_rollups', scriptId);
    const totalsBefore = await rollupSums('execution_rollup_totals');

    expect(await applyRetention({ days: 0 })).toMatchObject({ executions: 0, logs: 0 });
    const result = await applyRetention({ days: 30, batchSize: 3 });
    expect(result).toMatchObject({ executions: 7, logs: 21, more: false });

    const left = await db()
      .select({ id: executions.id })
      .from(executions)
      .where(
        inArray(
          executions.id,
          all.map((r) => r.id),
        ),
      );
    expect(left.map((r) => r.id).sort()).toEqual([...recent.map((r) => r.id), oldRunning!.id, oldNotRolled!.id].sort());
    const logsLeft = await db()
      .select({ id: executionLogs.executionId, n: sql<number>`count(*)::int` })
      .from(executionLogs)
      .where(
        inArray(
          executionLogs.executionId,
          all.map((r) => r.id),
        ),
      )
      .groupBy(executionLogs.executionId);
    expect(logsLeft.map((r) => r.id).sort()).toEqual(left.map((r) => r.id).sort());
    expect(logsLeft.every((r) => r.n === 3)).toBe(true);
    const attemptsLeft = await db()
      .select({ id: executionAttempts.executionId })
      .from(executionAttempts)
      .where(
        inArray(
          executionAttempts.executionId,
          all.map((r) => r.id),
        ),
      );
    expect(attemptsLeft).toHaveLength(5);

    expect(await rollupSums('execution_rollups', scriptId)).toEqual(rollupsBefore);
    expect(await rollupSums('execution_rollup_totals')).toEqual(totalsBefore);
    const stats = await getScriptStats({ actor: admin, input: { id: scriptId } });
    expect(stats.counts.failed).toBe(7); // history stays countable after its rows are gone
    // ...while the count of stored rows (for paginated lists) drops by exactly what was deleted.
    await expectCountsMatchTable(scriptId);
    expect(await countExecutions({ script_id: scriptId, status: 'failed' })).toBe(0);
    expect(await countExecutions({ script_id: scriptId })).toBe(5);

    // Once rolled up, the forgotten old run goes too; a second pass then finds nothing.
    await rollupPending();
    expect(await applyRetention({ days: 30 })).toMatchObject({ executions: 1, logs: 3 });
    expect(await applyRetention({ days: 30 })).toMatchObject({ executions: 0, logs: 0 });
    await expectCountsMatchTable(scriptId);
  });
});
