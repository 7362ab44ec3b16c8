import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/server/auth/actor';
import { createTestActor } from '@/server/test/fixtures';
import { startWorkerProcess } from '@/server/test/worker-process';
import { startWorkerRuntime, type WorkerRuntime } from '@/worker/runtime';
import { startWorkflowRun } from '@/server/workflows/start-workflow-run';
import {
  activeScript,
  chain,
  executionCount,
  executionsOf,
  n,
  nodeOf,
  waitForRun,
  workflowOf,
} from '@/server/workflows/tests/workflow-harness';

// Short locks so a dead worker's jobs are noticed within seconds instead of the production 30 s.
process.env.WORKER_LOCK_MS = '2000';
process.env.WORKER_STALLED_INTERVAL_MS = '1000';

let admin: Actor;
let rescuer: WorkerRuntime | undefined;

beforeAll(async () => {
  admin = await createTestActor('admin');
});
afterAll(async () => {
  await rescuer?.stop(1000);
});

describe('a worker killed with SIGKILL in the middle of a workflow run', () => {
  it('another worker resumes the run from PostgreSQL without re-running finished nodes', async () => {
    const quick = await activeScript(
      admin,
      'echo "$PARAM_NAME done"\necho "{\\"name\\": \\"$PARAM_NAME\\"}" > "$VSS_RESULT_FILE"\n',
    );
    // Hangs on its first attempt (the worker dies under it), finishes on the second.
    const victimStep = await activeScript(
      admin,
      'if [ "$VSS_ATTEMPT" = 1 ]; then echo hanging; sleep 60; fi\necho "second attempt"\n',
    );
    const wf = await workflowOf(admin, {
      nodes: [
        n.start(),
        n.script('a', quick.id, { name: { mode: 'literal', value: 'a' } }),
        n.script('b', quick.id, { name: { mode: 'expression', expression: "nodes.a.output.name + 'b'" } }),
        n.script('hang', victimStep.id, {}, { max_retries: 1 }),
        n.delay('pause', 1),
        n.script('c', quick.id, { name: { mode: 'literal', value: 'c' } }),
        n.end(),
      ],
      edges: chain('start', 'a', 'b', 'hang', 'pause', 'c', 'end'),
    });

    const victim = startWorkerProcess();
    const started = await startWorkflowRun({ actor: admin, workflowId: wf.id, input: {}, trigger: 'manual' });
    const mid = await waitForRun(admin, started.id, (r) => nodeOf(r, 'hang').status === 'running', 60_000);
    expect(nodeOf(mid, 'a').status).toBe('succeeded');
    expect(nodeOf(mid, 'b').status).toBe('succeeded');
    const before = Object.fromEntries((await executionsOf(started.id)).map((x) => [x.workflowNodeKey, x.id]));
    victim.kill('SIGKILL');
    await new Promise((r) => victim.once('exit', r));

    rescuer = await startWorkerRuntime({ concurrency: 2 });
    const run = await waitForRun(admin, started.id, undefined, 90_000);
    expect(run.status).toBe('succeeded');
    expect(run.nodes.every((x) => x.status === 'succeeded')).toBe(true);
    // Every finished node ran exactly once; the lost node's execution was retried, not duplicated.
    for (const key of ['a', 'b', 'hang', 'c']) expect(await executionCount(started.id, key)).toBe(1);
    const after = Object.fromEntries((await executionsOf(started.id)).map((x) => [x.workflowNodeKey, x]));
    expect(after.a!.id).toBe(before.a);
    expect(after.b!.id).toBe(before.b);
    expect(after.hang!.attempt).toBe(2);
    expect(nodeOf(run, 'b').output).toEqual({ name: 'ab' });
  });
});
