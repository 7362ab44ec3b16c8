import { describe, expect, it } from 'vitest';
import type { Actor } from '@/server/auth/actor';
import { useEngineWorker } from './engine-worker';
import { startWorkflowRun } from '@/server/workflows/start-workflow-run';
import {
  activeScript,
  chain,
  e,
  executionsOf,
  expr,
  lit,
  n,
  nodeOf,
  waitForRun,
  workflowOf,
} from '@/server/workflows/tests/workflow-harness';

let admin: Actor;
useEngineWorker(6, (a) => (admin = a));

describe('workflow engine: conditions, fan-out and joins', () => {
  it('takes each branch of a condition and skips the other one transitively', async () => {
    const s = await activeScript(admin, 'echo "$PARAM_WHICH"\n');
    const wf = await workflowOf(admin, {
      nodes: [
        n.start(),
        n.condition('big_enough', { mode: 'rule', left: 'input.x', operator: '>', right: 5 }),
        n.script('big', s.id, { which: lit('big') }),
        n.script('small', s.id, { which: lit('small') }),
        n.script('small_followup', s.id, { which: lit('small2') }),
        n.end(),
      ],
      edges: [
        e('start', 'big_enough'),
        e('big_enough', 'big', 'true'),
        e('big_enough', 'small', 'false'),
        e('small', 'small_followup'),
        e('big', 'end'),
        e('small_followup', 'end'),
      ],
    });
    const high = await waitForRun(
      admin,
      (await startWorkflowRun({ actor: admin, workflowId: wf.id, input: { x: 10 }, trigger: 'manual' })).id,
    );
    expect(high.status).toBe('succeeded');
    expect(nodeOf(high, 'big_enough').output).toEqual({ result: true });
    expect(nodeOf(high, 'big').status).toBe('succeeded');
    expect(nodeOf(high, 'small').status).toBe('skipped');
    expect(nodeOf(high, 'small_followup').status).toBe('skipped');
    expect(nodeOf(high, 'end').status).toBe('succeeded');
    expect((await executionsOf(high.id)).map((x) => x.workflowNodeKey)).toEqual(['big']);

    const low = await waitForRun(
      admin,
      (await startWorkflowRun({ actor: admin, workflowId: wf.id, input: { x: 1 }, trigger: 'manual' })).id,
    );
    expect(low.status).toBe('succeeded');
    expect(nodeOf(low, 'big').status).toBe('skipped');
    expect(nodeOf(low, 'small').status).toBe('succeeded');
    expect(nodeOf(low, 'small_followup').status).toBe('succeeded');
    expect((await executionsOf(low.id)).map((x) => x.workflowNodeKey).sort()).toEqual(['small', 'small_followup']);
  });

  it('evaluates an advanced jexl condition over earlier outputs', async () => {
    const producer = await activeScript(
      admin,
      'import json, os\njson.dump({"faces": [1, 2, 3]}, open(os.environ["VSS_RESULT_FILE"], "w"))\n',
      'python',
    );
    const s = await activeScript(admin, 'true\n');
    const wf = await workflowOf(admin, {
      nodes: [
        n.start(),
        n.script('detect', producer.id),
        n.condition('many', {
          mode: 'expression',
          expression: 'nodes.detect.output.faces|length >= 3 && nodes.detect.status == "succeeded"',
        }),
        n.script('alert', s.id),
        n.script('ignore', s.id),
        n.end(),
      ],
      edges: [
        ...chain('start', 'detect', 'many'),
        e('many', 'alert', 'true'),
        e('many', 'ignore', 'false'),
        e('alert', 'end'),
        e('ignore', 'end'),
      ],
    });
    const run = await waitForRun(
      admin,
      (await startWorkflowRun({ actor: admin, workflowId: wf.id, input: {}, trigger: 'manual' })).id,
    );
    expect(run.status).toBe('succeeded');
    expect(nodeOf(run, 'alert').status).toBe('succeeded');
    expect(nodeOf(run, 'ignore').status).toBe('skipped');
  });

  it('runs 5 parallel branches at the same time, then joins them', async () => {
    const s = await activeScript(admin, 'sleep 2\necho "{\\"branch\\": $PARAM_I}" > "$VSS_RESULT_FILE"\n');
    const branches = [1, 2, 3, 4, 5].map((i) => `b${i}`);
    const wf = await workflowOf(admin, {
      nodes: [
        n.start(),
        n.parallel('fan'),
        ...branches.map((b, i) => n.script(b, s.id, { i: lit(i + 1) })),
        n.join('all_done'),
        n.end(),
      ],
      edges: [e('start', 'fan'), ...branches.flatMap((b) => [e('fan', b), e(b, 'all_done')]), e('all_done', 'end')],
    });
    const run = await waitForRun(
      admin,
      (await startWorkflowRun({ actor: admin, workflowId: wf.id, input: {}, trigger: 'manual' })).id,
    );
    expect(run.status).toBe('succeeded');
    const execs = await executionsOf(run.id);
    expect(execs).toHaveLength(5);
    // Truly overlapping: every branch started before any branch finished.
    const lastStart = Math.max(...execs.map((x) => x.startedAt!.getTime()));
    const firstFinish = Math.min(...execs.map((x) => x.finishedAt!.getTime()));
    expect(lastStart).toBeLessThan(firstFinish);
    const join = nodeOf(run, 'all_done');
    expect((join.output as { arrived: string[] }).arrived.sort()).toEqual(branches);
    // The join ran after the last branch ended.
    expect(new Date(join.finished_at!).getTime()).toBeGreaterThanOrEqual(
      Math.max(...execs.map((x) => x.finishedAt!.getTime())),
    );
    expect(branches.map((b) => nodeOf(run, b).output)).toEqual([1, 2, 3, 4, 5].map((i) => ({ branch: i })));
  });

  it('a "first" join continues as soon as one branch arrives', async () => {
    const fast = await activeScript(admin, 'echo fast\n');
    const slow = await activeScript(admin, 'sleep 4\necho slow\n');
    const after = await activeScript(admin, 'echo "after: $PARAM_FROM"\n');
    const wf = await workflowOf(admin, {
      nodes: [
        n.start(),
        n.parallel('fan'),
        n.script('quick', fast.id),
        n.script('slow', slow.id),
        n.join('first_one', 'first'),
        n.script('after', after.id, { from: expr('nodes.first_one.output.arrived[0]') }),
        n.end(),
      ],
      edges: [
        e('start', 'fan'),
        e('fan', 'quick'),
        e('fan', 'slow'),
        e('quick', 'first_one'),
        e('slow', 'first_one'),
        e('first_one', 'after'),
        e('after', 'end'),
      ],
    });
    const run = await waitForRun(
      admin,
      (await startWorkflowRun({ actor: admin, workflowId: wf.id, input: {}, trigger: 'manual' })).id,
    );
    expect(run.status).toBe('succeeded');
    expect(nodeOf(run, 'first_one').output).toEqual({ arrived: ['quick'] });
    const [afterExec] = await executionsOf(run.id, 'after');
    const [slowExec] = await executionsOf(run.id, 'slow');
    expect(afterExec!.inputParameters).toEqual({ from: 'quick' });
    expect(afterExec!.finishedAt!.getTime()).toBeLessThan(slowExec!.finishedAt!.getTime());
    expect(nodeOf(run, 'slow').status).toBe('succeeded'); // the slower branch still ends normally
  });

  it('waits for a delay node', async () => {
    const wf = await workflowOf(admin, {
      nodes: [n.start(), n.delay('pause', 1), n.end()],
      edges: chain('start', 'pause', 'end'),
    });
    const run = await waitForRun(
      admin,
      (await startWorkflowRun({ actor: admin, workflowId: wf.id, input: {}, trigger: 'manual' })).id,
    );
    expect(run.status).toBe('succeeded');
    const pause = nodeOf(run, 'pause');
    expect(new Date(pause.finished_at!).getTime() - new Date(pause.started_at!).getTime()).toBeGreaterThanOrEqual(990);
  });
});
