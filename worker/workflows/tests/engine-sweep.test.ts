import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { workflowRuns } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { createTestActor } from '@/server/test/fixtures';
import { workflowQueue } from '@/server/queue/workflow-queue';
import { startWorkerRuntime, type WorkerRuntime } from '@/worker/runtime';
import { sweepWorkflowRuns } from '@/worker/workflows/workflow-consumer';
import { startWorkflowRun } from '@/server/workflows/start-workflow-run';
import { activeScript, chain, n, waitForRun, workflowOf } from '@/server/workflows/tests/workflow-harness';

let admin: Actor;
let worker: WorkerRuntime | undefined;

beforeAll(async () => {
  admin = await createTestActor('admin');
});
afterAll(async () => {
  await worker?.stop(1000);
});

describe('workflow sweep (safety net when Redis lost an event)', () => {
  it('resumes a run whose start job was lost', async () => {
    const s = await activeScript(admin, 'echo resumed\n');
    const wf = await workflowOf(admin, {
      nodes: [n.start(), n.script('a', s.id), n.end()],
      edges: chain('start', 'a', 'end'),
    });
    const started = await startWorkflowRun({ actor: admin, workflowId: wf.id, input: {}, trigger: 'manual' });
    // Redis loses the queue before any worker took the job.
    await workflowQueue().obliterate({ force: true });
    await db()
      .update(workflowRuns)
      .set({ createdAt: sql`now() - interval '2 minutes'` })
      .where(eq(workflowRuns.id, started.id));
    // The database is shared with other test files, whose runs may be swept too: look for this one.
    expect(await sweepWorkflowRuns('test-sweeper')).toContain(started.id);
    worker = await startWorkerRuntime({ concurrency: 2 });
    const run = await waitForRun(admin, started.id);
    expect(run.status).toBe('succeeded');
    expect(run.nodes.map((x) => x.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
  });
});
