import { describe, expect, it } from 'vitest';
import type { Actor } from '@/server/auth/actor';
import { useEngineWorker } from './engine-worker';
import { getExecution } from '@/server/executions/get-execution';
import { cancelWorkflowRun } from '@/server/workflows/cancel-run';
import { startWorkflowRun } from '@/server/workflows/start-workflow-run';
import {
  activeScript,
  chain,
  e,
  executionsOf,
  n,
  nodeOf,
  waitForRun,
  workflowOf,
} from '@/server/workflows/tests/workflow-harness';

let admin: Actor;
useEngineWorker(4, (a) => (admin = a));

describe('workflow engine: node failures and cancel', () => {
  it('error policy "fail": the run fails and nothing after the node runs', async () => {
    const bad = await activeScript(admin, 'echo broken >&2\nexit 3\n');
    const ok = await activeScript(admin, 'echo fine\n');
    const wf = await workflowOf(admin, {
      nodes: [n.start(), n.script('bad', bad.id), n.script('next', ok.id), n.end()],
      edges: chain('start', 'bad', 'next', 'end'),
    });
    const run = await waitForRun(
      admin,
      (await startWorkflowRun({ actor: admin, workflowId: wf.id, input: {}, trigger: 'manual' })).id,
    );
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/node "bad" failed: execution failed: exited with code 3/);
    expect(nodeOf(run, 'bad').status).toBe('failed');
    expect(nodeOf(run, 'next').status).toBe('cancelled');
    expect(nodeOf(run, 'end').status).toBe('cancelled');
    expect(await executionsOf(run.id, 'next')).toHaveLength(0);
    expect(run.finished_at).not.toBeNull();
  });

  it('error policy "continue": the failure is recorded and the run goes on', async () => {
    const bad = await activeScript(admin, 'exit 1\n');
    const ok = await activeScript(admin, 'echo fine\n');
    const wf = await workflowOf(admin, {
      nodes: [n.start(), n.script('bad', bad.id, {}, { error_policy: 'continue' }), n.script('next', ok.id), n.end()],
      edges: chain('start', 'bad', 'next', 'end'),
    });
    const run = await waitForRun(
      admin,
      (await startWorkflowRun({ actor: admin, workflowId: wf.id, input: {}, trigger: 'manual' })).id,
    );
    expect(run.status).toBe('succeeded');
    expect(nodeOf(run, 'bad').status).toBe('failed');
    expect(nodeOf(run, 'bad').error).toMatch(/exited with code 1/);
    expect(nodeOf(run, 'next').status).toBe('succeeded');
  });

  it('error policy "error_edge": a failure follows the error edge, success the normal one', async () => {
    const ok = await activeScript(admin, 'echo fine\n');
    const flaky = await activeScript(admin, 'if [ "$PARAM_FAIL" = "true" ]; then exit 2; fi\necho ok\n');
    const wf = await workflowOf(admin, {
      nodes: [
        n.start(),
        n.script(
          'risky',
          flaky.id,
          { fail: { mode: 'expression', expression: 'input.fail' } },
          { error_policy: 'error_edge' },
        ),
        n.script('normal_path', ok.id),
        n.script('on_error', ok.id),
        n.end('end'),
        n.end('end_error'),
      ],
      edges: [
        e('start', 'risky'),
        e('risky', 'normal_path'),
        e('risky', 'on_error', 'error'),
        e('normal_path', 'end'),
        e('on_error', 'end_error'),
      ],
    });
    const failed = await waitForRun(
      admin,
      (await startWorkflowRun({ actor: admin, workflowId: wf.id, input: { fail: true }, trigger: 'manual' })).id,
    );
    expect(failed.status).toBe('succeeded');
    expect(nodeOf(failed, 'risky').status).toBe('failed');
    expect(nodeOf(failed, 'on_error').status).toBe('succeeded');
    expect(nodeOf(failed, 'normal_path').status).toBe('skipped');
    expect(nodeOf(failed, 'end').status).toBe('skipped');

    const passed = await waitForRun(
      admin,
      (await startWorkflowRun({ actor: admin, workflowId: wf.id, input: { fail: false }, trigger: 'manual' })).id,
    );
    expect(passed.status).toBe('succeeded');
    expect(nodeOf(passed, 'normal_path').status).toBe('succeeded');
    expect(nodeOf(passed, 'on_error').status).toBe('skipped');
  });

  it('honours a per-node timeout and retry override', async () => {
    const slow = await activeScript(admin, 'echo "attempt $VSS_ATTEMPT"\nsleep 5\n', 'bash', {
      timeout: 60,
      max_retries: 0,
    });
    const flaky = await activeScript(admin, 'if [ "$VSS_ATTEMPT" = 1 ]; then exit 1; fi\necho second\n', 'bash', {
      max_retries: 0,
      retry_backoff: 'fixed',
      retry_delay_seconds: 0,
    });
    const wf = await workflowOf(admin, {
      nodes: [
        n.start(),
        n.script('retried', flaky.id, {}, { max_retries: 1 }),
        n.script('limited', slow.id, {}, { timeout_seconds: 1, error_policy: 'continue' }),
        n.end(),
      ],
      edges: chain('start', 'retried', 'limited', 'end'),
    });
    const run = await waitForRun(
      admin,
      (await startWorkflowRun({ actor: admin, workflowId: wf.id, input: {}, trigger: 'manual' })).id,
    );
    expect(run.status).toBe('succeeded');
    const [retried] = await executionsOf(run.id, 'retried');
    expect(retried!.status).toBe('succeeded');
    expect(retried!.attempt).toBe(2);
    const [limited] = await executionsOf(run.id, 'limited');
    expect(limited!.status).toBe('timed_out');
    expect(limited!.timeoutSeconds).toBe(1);
    expect(nodeOf(run, 'limited').error).toMatch(/timed_out/);
  });

  it('cancel mid-run stops the running execution and cancels what is left', async () => {
    const slow = await activeScript(admin, 'echo started\nsleep 60\n');
    const ok = await activeScript(admin, 'echo fine\n');
    const wf = await workflowOf(admin, {
      nodes: [n.start(), n.script('slow', slow.id), n.script('after', ok.id), n.end()],
      edges: chain('start', 'slow', 'after', 'end'),
    });
    const started = await startWorkflowRun({ actor: admin, workflowId: wf.id, input: {}, trigger: 'manual' });
    const running = await waitForRun(admin, started.id, (r) => nodeOf(r, 'slow').status === 'running');
    expect(running.status).toBe('running');
    const res = await cancelWorkflowRun({ actor: admin, id: started.id });
    expect(res.status).toBe('cancelled');
    const run = await waitForRun(
      admin,
      started.id,
      (r) => r.status === 'cancelled' && nodeOf(r, 'slow').finished_at !== null,
    );
    expect(nodeOf(run, 'slow').status).toBe('cancelled');
    expect(nodeOf(run, 'after').status).toBe('cancelled');
    expect(run.finished_at).not.toBeNull();
    const exec = await getExecution({ actor: admin, id: nodeOf(run, 'slow').execution_id! });
    expect(exec.status).toBe('cancelled');
    expect(await executionsOf(run.id, 'after')).toHaveLength(0);
    await expect(cancelWorkflowRun({ actor: admin, id: started.id })).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
