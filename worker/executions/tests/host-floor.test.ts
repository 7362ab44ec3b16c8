// A worker on a host short of memory takes no run, says why, and another worker with room takes it.
// Real worker process, real PostgreSQL/Redis/bwrap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestActor } from '@/server/test/fixtures';
import { startWorkerProcess } from '@/server/test/worker-process';
import type { Actor } from '@/server/auth/actor';
import { listWorkers } from '@/server/queue/workers-registry';
import { startWorkerRuntime, type WorkerRuntime } from '@/worker/runtime';
import { executeScript } from '@/server/executions/execute-script';
import { getExecution } from '@/server/executions/get-execution';
import { scriptFor, waitForStatus } from '@/server/executions/tests/engine-harness';

let admin: Actor;
let short: ChildProcess;
let roomy: WorkerRuntime | undefined;

beforeAll(async () => {
  admin = await createTestActor('admin');
  // More memory than any test machine has: this worker is always below its floor.
  short = startWorkerProcess(2, { SANDBOX_MIN_FREE_MEMORY_MB: '1048576' });
});
afterAll(async () => {
  short.kill('SIGKILL');
  await roomy?.stop(1000);
});

describe('host floors', () => {
  it('a worker below its memory floor takes no run and says why; one with room runs it', async () => {
    let refusing: string | null | undefined;
    for (let i = 0; i < 150 && !refusing; i++) {
      refusing = (await listWorkers()).find((w) => w.pid === short.pid)?.refusing;
      if (!refusing) await sleep(200);
    }
    expect(refusing).toMatch(/^host memory available \d+ MB is below SANDBOX_MIN_FREE_MEMORY_MB \(1048576 MB\)$/);
    const worker = (await listWorkers()).find((w) => w.pid === short.pid)!;
    expect(worker.limits).toMatchObject({ seccomp: true });

    const s = await scriptFor(admin, 'echo ran', 'bash');
    const e = await executeScript({ actor: admin, input: { id: s.id }, trigger: 'api' });
    await sleep(3000);
    expect((await getExecution({ actor: admin, id: e.id })).status).toBe('queued');

    roomy = await startWorkerRuntime({ concurrency: 1 });
    const done = await waitForStatus(admin, e.id, undefined, 60_000);
    expect(done.status, done.error ?? '').toBe('succeeded');
  });
});
