import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { closeDb, db } from '@/db/client';
import { scriptTemplates, workflows } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { createScript } from '@/server/scripts/create-script';
import { createTestActor, uniqueName } from '@/server/test/fixtures';
import type { TestServices } from '@/server/test/test-services';
import { publishWorkerHeartbeat, removeWorker } from '@/server/queue/workers-registry';
import { closeRedis } from '@/server/queue/connection';
import { bucketRange, HIST_BOUNDS_MS, histBoundsSql, histIndex } from '../duration-histogram';
import { getOverview } from '../get-overview';
import { getScriptStats } from '../get-script-stats';
import { getSeries } from '../get-series';
import { recordFinalRollup } from '../record-final-rollup';
import { insertRuns, usePrivateDatabase, type RunSpec } from './stats-harness';

let services: TestServices;
let admin: Actor;
let scriptA: string;
let scriptB: string;

/** Nearest-rank percentile of the true values, and the histogram bucket that holds it. */
function truePercentile(values: number[], q: number) {
  const sorted = [...values].sort((a, b) => a - b);
  const v = sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
  return { value: v, bucket: bucketRange(histIndex(v)) };
}

function expectInBucket(estimate: number | null, q: number, values: number[]) {
  const { value, bucket } = truePercentile(values, q);
  expect(estimate, `p${q * 100} (true ${value})`).not.toBeNull();
  // The bound this suite asserts: the estimate lies in the bucket [lo, hi) that holds the true
  // nearest-rank value. From 10 ms up hi <= 4/3 lo, i.e. under 33 % relative error.
  expect(estimate!).toBeGreaterThanOrEqual(bucket.lo);
  expect(estimate!).toBeLessThan(bucket.hi!);
}

beforeAll(async () => {
  services = await usePrivateDatabase();
  admin = await createTestActor('admin');
  scriptA = (
    await createScript({ actor: admin, input: { name: uniqueName('stats A'), content: 'echo a', language: 'bash' } })
  ).id;
  scriptB = (
    await createScript({
      actor: admin,
      input: { name: uniqueName('stats B'), content: 'print(1)', language: 'python' },
    })
  ).id;
});

afterAll(async () => {
  await closeDb();
  await closeRedis();
  await services?.stop();
});

describe('duration histogram', () => {
  it('puts every duration in the same bucket as PostgreSQL width_bucket does', async () => {
    const probes = [0, ...HIST_BOUNDS_MS.flatMap((b) => [b - 1, b, b + 1]), 2_000_000_000];
    const r = await db().execute<{ v: number; i: number }>(sql`
      select v, width_bucket(v, ${histBoundsSql}) as i from unnest(${`{${probes.join(',')}}`}::int[]) as v`);
    for (const row of r.rows) expect(histIndex(Number(row.v)), `duration ${row.v}`).toBe(Number(row.i));
  });
});

describe('statistics on a known data set', () => {
  // Script A: 40 succeeded (100..4000 ms), 6 failed (5000..10000 ms), 3 timed out (30 s), 1 cancelled
  // while queued (no duration). 10 of the successes finished 3 days ago, the rest now.
  // Script B: 10 succeeded at 50 ms. In flight: 2 queued and 1 running for A.
  const aSucceeded = Array.from({ length: 40 }, (_, i) => (i + 1) * 100);
  const aFailed = [5000, 6000, 7000, 8000, 9000, 10_000];
  const aTimedOut = [30_000, 30_000, 30_000];
  const specs = (): RunSpec[] => [
    ...aSucceeded.map((d, i) => ({
      scriptId: scriptA,
      status: 'succeeded' as const,
      durationMs: d,
      trigger: i % 2 ? ('api' as const) : ('manual' as const),
      agoMinutes: i < 10 ? 3 * 24 * 60 : 0,
    })),
    ...aFailed.map((d) => ({
      scriptId: scriptA,
      status: 'failed' as const,
      durationMs: d,
      trigger: 'schedule' as const,
    })),
    ...aTimedOut.map((d) => ({
      scriptId: scriptA,
      status: 'timed_out' as const,
      durationMs: d,
      trigger: 'schedule' as const,
    })),
    { scriptId: scriptA, status: 'cancelled', durationMs: null, trigger: 'api' },
    ...Array.from({ length: 10 }, () => ({
      scriptId: scriptB,
      status: 'succeeded' as const,
      durationMs: 50,
      trigger: 'webhook' as const,
    })),
    { scriptId: scriptA, status: 'queued' },
    { scriptId: scriptA, status: 'queued' },
    { scriptId: scriptA, status: 'running' },
  ];
  const durationsA = [...aSucceeded, ...aFailed, ...aTimedOut];
  const allDurations = [...durationsA, ...Array.from({ length: 10 }, () => 50)];

  let insertedAt = 0;
  beforeAll(async () => {
    insertedAt = Date.now();
    const rows = await insertRuns(specs());
    for (const row of rows) await recordFinalRollup(db(), row);
    await db()
      .insert(workflows)
      .values([{ name: uniqueName('wf active'), status: 'active' }, { name: uniqueName('wf draft') }]);
    await db()
      .insert(scriptTemplates)
      .values({ name: uniqueName('tpl'), language: 'bash', content: 'echo', usageCount: 3 });
    await publishWorkerHeartbeat({
      id: 'w-stats-1',
      host: 'h',
      pid: 1,
      concurrency: 2,
      running: 0,
      startedAt: new Date().toISOString(),
      heartbeatAt: new Date().toISOString(),
      python: 'python3',
      bash: 'bash',
      sandbox: 'bubblewrap',
    });
  });
  afterAll(async () => {
    await removeWorker('w-stats-1');
  });

  it('answers the overview with exact counts and percentiles inside the histogram bucket', async () => {
    const o = await getOverview({ actor: admin, input: { time_zone: 'UTC' } });
    // "today" is 50 unless a UTC midnight passed since the rows were written.
    const today = new Date(insertedAt).toISOString().slice(0, 10) === o.generated_at.slice(0, 10) ? 50 : 0;
    expect(o.scripts).toEqual({ total: 2, active: 0 });
    expect(o.workflows).toEqual({ total: 2, active: 1 });
    expect(o.executions).toEqual({ total: 63, today, finished: 60, running: 1, queued: 2 });
    expect(o.by_status).toEqual({ queued: 2, running: 1, succeeded: 50, failed: 6, timed_out: 3, cancelled: 1 });
    expect(o.success_rate).toBeCloseTo(50 / 59, 10);
    expect(o.duration_ms.avg).toBeCloseTo(allDurations.reduce((a, b) => a + b, 0) / allDurations.length, 6);
    expectInBucket(o.duration_ms.p50, 0.5, allDurations);
    expectInBucket(o.duration_ms.p95, 0.95, allDurations);
    expectInBucket(o.duration_ms.p99, 0.99, allDurations);
    expect(o.workers_connected).toBe(1);
    expect(Object.fromEntries(o.by_trigger.map((t) => [t.trigger_type, t.count]))).toEqual({
      manual: 20,
      api: 21,
      schedule: 9,
      webhook: 10,
      event: 0,
      workflow: 0,
    });
    expect(o.top_failing).toEqual([
      {
        script_id: scriptA,
        script_name: expect.stringContaining('stats A'),
        failed: 9,
        total: 50,
        failure_rate: 9 / 49,
      },
    ]);
    expect(o.most_run.map((m) => [m.script_id, m.total])).toEqual([
      [scriptA, 50],
      [scriptB, 10],
    ]);
    expect(o.most_run[1]!.success_rate).toBe(1);
    expect(o.template_usage).toEqual([
      { template_id: expect.any(String), name: expect.stringContaining('tpl'), usage_count: 3 },
    ]);
    const dist = Object.fromEntries(o.duration_distribution.map((b) => [b.min_ms, b.count]));
    // < 100 ms: B's ten 50 ms runs; 100 ms–1 s: 100..900; 1–5 s: 1000..4000 and none of the failures
    // (5000 is the next range's lower bound); 5–30 s: the six failures; 30 s–1 min: the time-outs.
    expect(dist).toEqual({ 0: 10, 100: 9, 1000: 31, 5000: 6, 30000: 3, 60000: 0, 300000: 0, 1200000: 0 });
  });

  it("answers one script's statistics", async () => {
    const s = await getScriptStats({ actor: admin, input: { id: scriptA, recent_limit: 5 } });
    expect(s.counts).toEqual({ queued: 2, running: 1, succeeded: 40, failed: 6, timed_out: 3, cancelled: 1 });
    expect(s.total).toBe(53);
    expect(s.success_rate).toBeCloseTo(40 / 49, 10);
    expect(s.duration_ms.avg).toBeCloseTo(durationsA.reduce((a, b) => a + b, 0) / durationsA.length, 6);
    expectInBucket(s.duration_ms.p50, 0.5, durationsA);
    expectInBucket(s.duration_ms.p95, 0.95, durationsA);
    expectInBucket(s.duration_ms.p99, 0.99, durationsA);
    expect(s.recent).toHaveLength(5);
    const times = s.recent.map((r) => Date.parse(r.queued_at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(s.recent.every((r) => r.script_id === scriptA && typeof r.script_name === 'string')).toBe(true);
    const b = await getScriptStats({ actor: admin, input: { id: scriptB } });
    expect(b.counts.succeeded).toBe(10);
    expect(b.duration_ms.p95).toBeGreaterThanOrEqual(50);
    expect(b.duration_ms.p95).toBeLessThan(60);
  });

  it('answers series by hour and by day', async () => {
    const day = await getSeries({ actor: admin, input: { range: '24h' } });
    expect(day.buckets).toHaveLength(24);
    expect(day.buckets.reduce((a, b) => a + b.total, 0)).toBe(50);
    const hourOfInsert = new Date(Math.floor(insertedAt / 3_600_000) * 3_600_000).toISOString().replace('.000Z', 'Z');
    expect(day.buckets.find((b) => b.start === hourOfInsert)?.counts).toEqual({
      succeeded: 40,
      failed: 6,
      timed_out: 3,
      cancelled: 1,
    });
    const week = await getSeries({ actor: admin, input: { range: '7d', time_zone: 'Asia/Shanghai' } });
    expect(week.buckets).toHaveLength(7);
    expect(week.buckets.reduce((a, b) => a + b.total, 0)).toBe(60);
    expect(
      week.buckets
        .map((b) => b.total)
        .filter(Boolean)
        .sort(),
    ).toEqual([10, 50]);
    const month = await getSeries({ actor: admin, input: { range: '30d', script_id: scriptA } });
    expect(month.buckets).toHaveLength(30);
    expect(month.buckets.reduce((a, b) => a + b.total, 0)).toBe(50);
    expect(month.buckets.reduce((a, b) => a + b.counts.failed, 0)).toBe(6);
  });

  it('refuses bad input with a field-named error and unknown scripts with 404', async () => {
    await expect(getSeries({ actor: admin, input: { range: '1y' as '24h' } })).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
      details: [{ field: 'range' }],
    });
    await expect(getOverview({ actor: admin, input: { time_zone: 'Mars/Olympus' } })).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
      details: [{ field: 'time_zone' }],
    });
    await expect(
      getScriptStats({ actor: admin, input: { id: '6d1f4b0e-0000-4000-8000-000000000000' } }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
