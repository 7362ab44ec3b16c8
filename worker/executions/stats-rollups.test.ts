import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { executions } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { resetEnvCache } from '@/server/env';
import { cancelExecution } from '@/server/executions/cancel-execution';
import { executeScript } from '@/server/executions/execute-script';
import { scriptFor, waitForStatus } from '@/server/executions/tests/engine-harness';
import { freePort } from '@/server/infra/free-port';
import { enqueueExecution } from '@/server/queue/execution-queue';
import { createTestActor } from '@/server/test/fixtures';
import { startWorkerRuntime, type WorkerRuntime } from '@/worker/runtime';
import { reconcileOnce } from '@/worker/executions/reconciler';
import { getScriptStats } from '@/server/stats/get-script-stats';
import { metricsText } from '@/server/stats/metrics';
import { insertRuns } from '@/server/stats/tests/stats-harness';

let admin: Actor;
let worker: WorkerRuntime;
let healthPort: number;

beforeAll(async () => {
  healthPort = await freePort();
  process.env.WORKER_HEALTH_PORT = String(healthPort);
  resetEnvCache();
  admin = await createTestActor('admin');
  worker = await startWorkerRuntime({ concurrency: 2 });
});
afterAll(async () => {
  await worker?.stop(1000);
});

const countsOf = async (scriptId: string) => (await getScriptStats({ actor: admin, input: { id: scriptId } })).counts;

/** A counter's value in Prometheus text, 0 when the series is absent. */
function sample(text: string, name: string, labels: string): number {
  const line = text
    .split('\n')
    .find(
      (l) => (l.startsWith(`${name}{`) || l.startsWith(`${name} `)) && labels.split(',').every((kv) => l.includes(kv)),
    );
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('every final-state write feeds the rollups and metrics', () => {
  it('a run the worker finishes (succeeded, failed) is counted once, with its duration', async () => {
    const ok = await scriptFor(admin, 'echo ok\n');
    const bad = await scriptFor(admin, 'exit 3\n');
    const before = await metricsText();
    const runs = await Promise.all([
      executeScript({ actor: admin, input: { id: ok.id }, trigger: 'api' }),
      executeScript({ actor: admin, input: { id: ok.id }, trigger: 'api' }),
      executeScript({ actor: admin, input: { id: bad.id }, trigger: 'api' }),
    ]);
    for (const r of runs) await waitForStatus(admin, r.id);
    await expect.poll(() => countsOf(ok.id), { timeout: 10_000 }).toMatchObject({ succeeded: 2, failed: 0 });
    await expect.poll(() => countsOf(bad.id), { timeout: 10_000 }).toMatchObject({ failed: 1, succeeded: 0 });
    const stats = await getScriptStats({ actor: admin, input: { id: ok.id } });
    expect(stats.duration_ms.p50).toBeGreaterThan(0);
    expect(stats.recent.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);

    // The worker runs in this process, so its counters are this registry's.
    const after = (await metricsText()).body;
    const labelsFailed = 'status="failed",language="bash",trigger="api"';
    expect(
      sample(after, 'vss_executions_finished_total', labelsFailed) -
        sample(before.body, 'vss_executions_finished_total', labelsFailed),
    ).toBe(1);
    expect(
      sample(after, 'vss_executions_started_total', 'language="bash",trigger="api"') -
        sample(before.body, 'vss_executions_started_total', 'language="bash",trigger="api"'),
    ).toBe(3);
    expect(
      sample(after, 'vss_execution_duration_seconds_count', 'status="succeeded",language="bash"'),
    ).toBeGreaterThanOrEqual(2);
    expect(sample(after, 'vss_workers_connected', '')).toBeGreaterThanOrEqual(1);
    expect(after).toContain('nodejs_eventloop_lag_seconds');
    expect(after).toMatch(/vss_queue_depth\{state="waiting"\} \d+/);
  }, 60_000);

  it("serves the same text on the worker's health port at /metrics", async () => {
    const res = await fetch(`http://127.0.0.1:${healthPort}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('# TYPE vss_executions_finished_total counter');
    expect(text).toContain('# TYPE vss_execution_duration_seconds histogram');
    expect(await (await fetch(`http://127.0.0.1:${healthPort}/`)).json()).toMatchObject({ status: 'healthy' });
  });

  it('a run cancelled while queued is counted as cancelled', async () => {
    const s = await scriptFor(admin, 'echo never\n');
    const [row] = await insertRuns([{ scriptId: s.id, status: 'queued' }]); // no job: it stays queued
    await cancelExecution({ actor: admin, id: row!.id });
    expect(await countsOf(s.id)).toMatchObject({ cancelled: 1, queued: 0 });
  });

  it('a run whose worker was lost (job handed back, no attempt left) is counted as failed', async () => {
    const s = await scriptFor(admin, 'echo never\n');
    const [row] = await insertRuns([{ scriptId: s.id, status: 'running' }]);
    // No re-run left after lost workers (retry_on_worker_loss off, or both re-runs used).
    await db()
      .update(executions)
      .set({ workerId: 'gone-worker', workerLossRetries: 0 })
      .where(eq(executions.id, row!.id));
    await enqueueExecution(row!.id, { maxAttempts: 1, backoff: 'fixed', delaySeconds: 0 });
    const done = await waitForStatus(admin, row!.id);
    expect(done.error).toMatch(/^worker lost/);
    await expect.poll(() => countsOf(s.id), { timeout: 10_000 }).toMatchObject({ failed: 1, running: 0 });
  });

  it('a running run whose job is gone is ended by the reconciler and counted', async () => {
    const s = await scriptFor(admin, 'echo never\n');
    const [row] = await insertRuns([{ scriptId: s.id, status: 'running' }]);
    await db()
      .update(executions)
      .set({ startedAt: new Date(Date.now() - 120_000), workerLossRetries: 0 })
      .where(eq(executions.id, row!.id));
    // The reconciler runs under a lock shared by every worker; whichever holds it ends the run.
    await expect
      .poll(
        async () => {
          await reconcileOnce(worker.id);
          return (await countsOf(s.id)).failed;
        },
        { timeout: 40_000, interval: 1_000 },
      )
      .toBe(1);
    expect((await countsOf(s.id)).running).toBe(0);
  }, 60_000);
});
