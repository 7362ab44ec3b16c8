/**
 * npm run bench:api — do the dashboard and list APIs stay fast at 1,000,000 executions?
 * Seeds a fresh embedded database with 1M executions spread over 30 days (several scripts, every
 * status and trigger) using set-based SQL, builds their rollups with the same statement the
 * service uses, then times the real service functions: p50/p95 over BENCH_N iterations each.
 * Not a test: numbers depend on the machine and its load. Target: p95 <= 50 ms.
 * BENCH_ROWS changes the row count, BENCH_N the iterations; BENCH_KEEP=1 leaves the database up.
 */
import { performance } from 'node:perf_hooks';
import { pct, startBenchEnvironment } from './bench-environment';

const N = Number(process.env.BENCH_N ?? 200);
const WARMUP = 10;
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const SCRIPTS = 8;
const TARGET_MS = 50;

async function main() {
  const bench = await startBenchEnvironment('api');

  const { sql } = await import('drizzle-orm');
  const { db, closeDb } = await import('@/db/client');
  const { createTestActor, uniqueName } = await import('@/server/test/fixtures');
  const { createScript } = await import('@/server/scripts/create-script');
  const { listExecutions } = await import('@/server/executions/list-executions');
  const { getOverview } = await import('@/server/stats/get-overview');
  const { getScriptStats } = await import('@/server/stats/get-script-stats');
  const { getSeries } = await import('@/server/stats/get-series');
  const { rollupPending } = await import('@/server/stats/record-final-rollup');
  const { countExecutions } = await import('@/server/stats/count-executions');
  const { closeRedis } = await import('@/server/queue/connection');

  try {
    const actor = await createTestActor('admin');
    const scriptIds: string[] = [];
    for (let i = 0; i < SCRIPTS; i++) {
      const s = await createScript({
        actor,
        input: { name: uniqueName(`bench ${i}`), content: 'echo bench', language: i % 2 ? 'python' : 'bash' },
      });
      scriptIds.push(s.id);
    }

    // ---- seed: one set-based statement. Status mix ~85 % succeeded, 8 % failed, 2 % timed out,
    // 5 % cancelled; durations log-uniform from 1 ms to ~2 min; 200 queued and 50 running at the end.
    let t0 = performance.now();
    await db().execute(sql`
      insert into executions (script_id, script_version, trigger_type, status, timeout_seconds, attempt, max_attempts,
        exit_code, error, queued_at, started_at, finished_at, duration_ms)
      select
        (${`{${scriptIds.join(',')}}`}::uuid[])[1 + (g % ${SCRIPTS})],
        1,
        (array['manual','schedule','event','webhook','api','workflow']::trigger_type[])[1 + ((g / 7) % 6)],
        st, 60, 1, 1,
        case st when 'succeeded' then 0 when 'failed' then 1 else null end,
        case when st in ('failed', 'timed_out') then 'bench failure' end,
        q, q + interval '20 ms', q + interval '20 ms' + dur * interval '1 ms', dur
      from (
        select g,
          now() - interval '30 days' * ((g::float8) / ${ROWS}) as q,
          case when r < 0.85 then 'succeeded' when r < 0.93 then 'failed' when r < 0.95 then 'timed_out' else 'cancelled' end::execution_status as st,
          floor(exp(random() * 11.7))::int as dur
        from (select g, random() as r from generate_series(1, ${ROWS}) as g) x
      ) y`);
    await db().execute(sql`
      insert into executions (script_id, script_version, trigger_type, status, timeout_seconds, queued_at, started_at)
      select (${`{${scriptIds.join(',')}}`}::uuid[])[1 + (g % ${SCRIPTS})], 1, 'api', case when g <= 50 then 'running' else 'queued' end::execution_status, 60,
        now() - g * interval '1 second', case when g <= 50 then now() - g * interval '1 second' end
      from generate_series(1, 250) as g`);
    const seedMs = performance.now() - t0;

    t0 = performance.now();
    const rolled = await rollupPending({ batchSize: 100_000, maxBatches: 100 });
    const rollupMs = performance.now() - t0;
    t0 = performance.now();
    await db().execute(sql`vacuum analyze executions`);
    await db().execute(sql`vacuum analyze execution_rollups`);
    await db().execute(sql`vacuum analyze execution_rollup_hours`);
    await db().execute(sql`vacuum analyze execution_rollup_scripts`);
    await db().execute(sql`vacuum analyze execution_rollup_totals`);
    const vacuumMs = performance.now() - t0;
    const sizes = await db().execute<{ executions: string; rollups: string; rollup_rows: number }>(sql`
      select pg_size_pretty(pg_total_relation_size('executions')) as executions,
        pg_size_pretty(pg_total_relation_size('execution_rollups') + pg_total_relation_size('execution_rollup_hours')
          + pg_total_relation_size('execution_rollup_scripts') + pg_total_relation_size('execution_rollup_totals')) as rollups,
        (select count(*)::int from execution_rollups) as rollup_rows`);
    console.log(
      `seeded ${ROWS.toLocaleString('en')} executions in ${(seedMs / 1000).toFixed(1)} s; rolled up ${rolled.toLocaleString('en')} in ${(rollupMs / 1000).toFixed(1)} s; vacuum analyze ${(vacuumMs / 1000).toFixed(1)} s`,
    );
    console.log(
      `sizes: executions ${sizes.rows[0]!.executions}, rollups ${sizes.rows[0]!.rollups} (${sizes.rows[0]!.rollup_rows.toLocaleString('en')} hourly per-script rows)`,
    );

    const scriptId = scriptIds[3]!;
    const cases: [string, () => Promise<unknown>][] = [
      ['dashboard overview', () => getOverview({ actor, input: { time_zone: 'Asia/Shanghai' } })],
      [
        'executions list, page 1 (status + script)',
        () => listExecutions({ actor, input: { status: 'failed', script_id: scriptId, page: 1, page_size: 20 } }),
      ],
      ['executions list, page 1000 of 20', () => listExecutions({ actor, input: { page: 1000, page_size: 20 } })],
      ['per-script statistics', () => getScriptStats({ actor, input: { id: scriptId } })],
      ['series 30 d (all scripts)', () => getSeries({ actor, input: { range: '30d', time_zone: 'Asia/Shanghai' } })],
      ['series 24 h (one script)', () => getSeries({ actor, input: { range: '24h', script_id: scriptId } })],
      // The list's exact total by count(*) is most of its cost at this size; the rollup-based count
      // gives the same number (server/stats/count-executions.ts).
      ['exact count via rollups (all)', () => countExecutions({})],
      ['exact count via rollups (status + script)', () => countExecutions({ status: 'failed', script_id: scriptId })],
    ];
    const rows: { name: string; p50: number; p95: number; max: number }[] = [];
    for (const [name, fn] of cases) {
      for (let i = 0; i < WARMUP; i++) await fn();
      const times: number[] = [];
      for (let i = 0; i < N; i++) {
        const s = performance.now();
        await fn();
        times.push(performance.now() - s);
      }
      rows.push({ name, p50: pct(times, 50), p95: pct(times, 95), max: Math.max(...times) });
    }
    const w = Math.max(...rows.map((r) => r.name.length));
    console.log(
      `\n${'operation'.padEnd(w)}  ${'p50 ms'.padStart(8)}  ${'p95 ms'.padStart(8)}  ${'max ms'.padStart(8)}  target p95 <= ${TARGET_MS} ms (${N} iterations each)`,
    );
    for (const r of rows) {
      console.log(
        `${r.name.padEnd(w)}  ${r.p50.toFixed(1).padStart(8)}  ${r.p95.toFixed(1).padStart(8)}  ${r.max.toFixed(1).padStart(8)}  ${r.p95 <= TARGET_MS ? 'ok' : 'OVER'}`,
      );
    }
    if (process.env.BENCH_KEEP) {
      // Leave the seeded database up for EXPLAIN ANALYZE with psql; Ctrl-C (SIGINT/SIGTERM) ends it.
      console.log(`\nBENCH_KEEP: database left running at ${bench.services.databaseUrl}`);
      await new Promise((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
    }
  } finally {
    await closeDb();
    await closeRedis();
    await bench.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
