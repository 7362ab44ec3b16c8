import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { executions } from '@/db/schema';
import { createTestActor } from '@/server/test/fixtures';
import { startWorkerProcess } from '@/server/test/worker-process';
import type { Actor } from '@/server/auth/actor';
import { startWorkflowRun } from '@/server/workflows/start-workflow-run';
import { e, executionsOf, n, nodeOf, waitForRun, workflowOf } from '@/server/workflows/tests/workflow-harness';
import { startWorkerRuntime, type WorkerRuntime } from '@/worker/runtime';
import { executeScript } from '@/server/executions/execute-script';
import { getExecution, getExecutionLogs } from '@/server/executions/get-execution';
import { scriptFor, waitForStatus } from '@/server/executions/tests/engine-harness';

// Issue #24 with the production lock settings (WORKER_LOCK_MS 8 s, stalled check every 2 s): two
// workers on one Redis, one SIGKILLed mid-run; its runs are run again on the other, as new attempts
// with the cause, whatever the script's own max_retries (0 here).

let admin: Actor;
let rescuer: WorkerRuntime | undefined;
const victims: ChildProcess[] = [];

beforeAll(async () => {
  admin = await createTestActor('admin');
});
afterEach(async () => {
  for (const v of victims.splice(0)) if (v.exitCode === null && v.signalCode === null) v.kill('SIGKILL');
  await rescuer?.stop(2000);
  rescuer = undefined;
});
afterAll(async () => {
  await rescuer?.stop(2000);
});

function victimWorker(concurrency: number): ChildProcess {
  const v = startWorkerProcess(concurrency);
  victims.push(v);
  return v;
}

async function kill(victim: ChildProcess): Promise<number> {
  victim.kill('SIGKILL');
  await new Promise((r) => victim.once('exit', r));
  return Date.now();
}

async function allRunningOn(ids: string[], timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await Promise.all(
      ids.map(async (id) => (await db().select().from(executions).where(eq(executions.id, id)))[0]!),
    );
    const workers = new Set(rows.map((r) => r.workerId));
    if (rows.every((r) => r.status === 'running') && workers.size === 1) return [...workers][0]!;
    if (Date.now() > deadline)
      throw new Error(`not all running on one worker: ${JSON.stringify(rows.map((r) => [r.status, r.workerId]))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Lines "run <attempt>" the script printed: how many times it really started. */
async function starts(id: string): Promise<string[]> {
  const { lines } = await getExecutionLogs({ actor: admin, input: { id, limit: 5000 } });
  return lines.filter((l) => l.stream === 'stdout' && l.text.startsWith('run ')).map((l) => l.text.trim());
}

describe('a worker SIGKILLed mid-run while another one is alive (#24)', () => {
  it('runs every plain run again on the live worker: all succeed, each ran at most twice, the cause recorded', async () => {
    const s = await scriptFor(admin, 'echo "run $VSS_ATTEMPT"\nsleep 6\necho done\n', 'bash', { max_retries: 0 });
    const victim = victimWorker(6);
    const ids = await Promise.all(
      Array.from(
        { length: 6 },
        async () => (await executeScript({ actor: admin, input: { id: s.id }, trigger: 'api' })).id,
      ),
    );
    const lostWorker = await allRunningOn(ids);
    rescuer = await startWorkerRuntime({ concurrency: 6 });
    await new Promise((r) => setTimeout(r, 2500));
    const killedAt = await kill(victim);

    for (const id of ids) {
      const done = await waitForStatus(admin, id, undefined, 90_000);
      expect(done.status).toBe('succeeded');
      expect(done.attempt).toBe(2);
      expect(done.attempts.map((a) => [a.status, a.cause, a.reason])).toEqual([
        ['failed', 'worker_lost', 'first'],
        ['succeeded', null, 'worker_lost'],
      ]);
      expect(done.attempts[0]!.error).toMatch(
        new RegExp(
          `^worker lost: ${lostWorker.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} stopped during attempt 1; run again`,
        ),
      );
      expect(await starts(id)).toEqual(['run 1', 'run 2']);
      console.log(
        `run ${id}: lost attempt noticed ${new Date(done.attempts[1]!.started_at).getTime() - killedAt} ms after the SIGKILL`,
      );
    }
  }, 150_000);

  it('keeps a workflow fan-out alive: the lost nodes run again and the run succeeds', async () => {
    const s = await scriptFor(
      admin,
      'echo "run $VSS_ATTEMPT"\nsleep 6\necho "{\\"n\\": $PARAM_I}" > "$VSS_RESULT_FILE"\n',
      'bash',
      { status: 'active' },
    );
    const branches = [1, 2, 3, 4, 5, 6].map((i) => `b${i}`);
    const wf = await workflowOf(admin, {
      nodes: [
        n.start(),
        n.parallel('fan'),
        ...branches.map((b, i) => n.script(b, s.id, { i: { mode: 'literal', value: i + 1 } })),
        n.join('all_done'),
        n.end(),
      ],
      edges: [e('start', 'fan'), ...branches.flatMap((b) => [e('fan', b), e(b, 'all_done')]), e('all_done', 'end')],
    });
    const victim = victimWorker(6);
    const started = await startWorkflowRun({ actor: admin, workflowId: wf.id, input: {}, trigger: 'manual' });
    await waitForRun(admin, started.id, (r) => branches.every((b) => nodeOf(r, b).status === 'running'), 60_000);
    await allRunningOn((await executionsOf(started.id)).map((x) => x.id));
    rescuer = await startWorkerRuntime({ concurrency: 6 });
    await new Promise((r) => setTimeout(r, 2500));
    await kill(victim);

    const run = await waitForRun(admin, started.id, undefined, 120_000);
    expect(run.status).toBe('succeeded');
    expect(branches.map((b) => nodeOf(run, b).output)).toEqual([1, 2, 3, 4, 5, 6].map((i) => ({ n: i })));
    const execs = await executionsOf(started.id);
    expect(execs).toHaveLength(6); // one execution per node: re-run as attempts, never duplicated
    for (const x of execs) {
      const detail = await getExecution({ actor: admin, id: x.id });
      expect(detail.attempts.map((a) => [a.status, a.cause])).toEqual([
        ['failed', 'worker_lost'],
        ['succeeded', null],
      ]);
      expect(await starts(x.id)).toEqual(['run 1', 'run 2']);
    }
  }, 180_000);

  it('ends an opted-out run failed with the cause, and a node can opt out on its own', async () => {
    const s = await scriptFor(admin, 'echo "run $VSS_ATTEMPT"\nsleep 30\n', 'bash', {
      max_retries: 2,
      retry_on_worker_loss: false,
      status: 'active',
    });
    const victim = victimWorker(2);
    const { id } = await executeScript({ actor: admin, input: { id: s.id }, trigger: 'api' });
    await allRunningOn([id]);
    rescuer = await startWorkerRuntime({ concurrency: 2 });
    while ((await starts(id)).length === 0) await new Promise((r) => setTimeout(r, 100)); // its first line is stored
    await kill(victim);
    const done = await waitForStatus(admin, id, undefined, 60_000);
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(
      /^worker lost: .* stopped during attempt 1; not run again \(retry_on_worker_loss is off\)$/,
    );
    expect(done.attempts.map((a) => [a.status, a.cause])).toEqual([['failed', 'worker_lost']]);
    expect(await starts(id)).toEqual(['run 1']);

    // The node's setting wins over the script's (default: yes).
    const quick = await scriptFor(admin, 'echo quick\n', 'bash', { status: 'active' });
    const wf = await workflowOf(admin, {
      nodes: [
        n.start(),
        n.script('off', quick.id, {}, {
          config: { script_id: quick.id, parameters: {}, retry_on_worker_loss: false },
        } as never),
        n.script('on', quick.id),
        n.end(),
      ],
      edges: [e('start', 'off'), e('off', 'on'), e('on', 'end')],
    });
    const run = await waitForRun(
      admin,
      (await startWorkflowRun({ actor: admin, workflowId: wf.id, input: {}, trigger: 'manual' })).id,
    );
    expect(run.status).toBe('succeeded');
    const byNode = Object.fromEntries(
      (await executionsOf(run.id)).map((x) => [x.workflowNodeKey, x.workerLossRetries]),
    );
    expect(byNode).toEqual({ off: 0, on: 2 });
  }, 120_000);
});
