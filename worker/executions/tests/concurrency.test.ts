import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestActor } from '@/server/test/fixtures';
import type { Actor } from '@/server/auth/actor';
import { startWorkerRuntime, type WorkerRuntime } from '@/worker/runtime';
import { executeScript } from '@/server/executions/execute-script';
import { listExecutions } from '@/server/executions/list-executions';
import { scriptFor } from '@/server/executions/tests/engine-harness';
import { setTimeout as sleep } from 'node:timers/promises';

let admin: Actor;
let worker: WorkerRuntime;

beforeAll(async () => {
  admin = await createTestActor('admin');
  worker = await startWorkerRuntime({ concurrency: 10 });
});
afterAll(async () => {
  await worker?.stop(1000);
});

function maxOverlap(intervals: [number, number][]): number {
  const points = intervals.flatMap(
    ([a, b]) =>
      [
        [a, 1],
        [b, -1],
      ] as [number, number][],
  );
  points.sort((x, y) => x[0] - y[0] || x[1] - y[1]); // ends before starts at the same instant
  let cur = 0;
  let best = 0;
  for (const [, d] of points) best = Math.max(best, (cur += d));
  return best;
}

describe('200 runs with concurrency 10', () => {
  it('never runs more than 10 at once, and all finish', async () => {
    const s = await scriptFor(admin, 'sleep 0.2\n');
    for (let i = 0; i < 200; i += 20) {
      await Promise.all(
        Array.from({ length: 20 }, () => executeScript({ actor: admin, input: { id: s.id }, trigger: 'api' })),
      );
    }
    const deadline = Date.now() + 120_000;
    let page = await listExecutions({ actor: admin, input: { script_id: s.id, page_size: 200 } });
    while (page.items.some((e) => e.status === 'queued' || e.status === 'running') && Date.now() < deadline) {
      await sleep(500);
      page = await listExecutions({ actor: admin, input: { script_id: s.id, page_size: 200 } });
    }
    expect(page.total).toBe(200);
    expect(page.items.filter((e) => e.status === 'succeeded')).toHaveLength(200);
    const overlap = maxOverlap(page.items.map((e) => [Date.parse(e.started_at!), Date.parse(e.finished_at!)]));
    expect(overlap).toBeLessThanOrEqual(10);
    expect(overlap).toBeGreaterThanOrEqual(5); // it did run in parallel
  }, 150_000);
});
