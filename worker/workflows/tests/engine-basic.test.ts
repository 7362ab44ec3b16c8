import { describe, expect, it } from 'vitest';
import type { Actor } from '@/server/auth/actor';
import { useEngineWorker } from './engine-worker';
import { updateScript } from '@/server/scripts/update-script';
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

describe('workflow engine: sequencing and data flow', () => {
  it('runs a linear chain in order, each node after the previous one ended', async () => {
    const s = await activeScript(admin, 'echo "step $PARAM_STEP"\n');
    const wf = await workflowOf(admin, {
      nodes: [
        n.start(),
        n.script('a', s.id, { step: lit(1) }),
        n.script('b', s.id, { step: lit(2) }),
        n.script('c', s.id, { step: lit(3) }),
        n.end(),
      ],
      edges: chain('start', 'a', 'b', 'c', 'end'),
    });
    const started = await startWorkflowRun({ actor: admin, workflowId: wf.id, input: {}, trigger: 'manual' });
    expect(started.status).toBe('queued');
    const run = await waitForRun(admin, started.id);
    expect(run.status).toBe('succeeded');
    expect(run.nodes.every((x) => x.status === 'succeeded')).toBe(true);
    const execs = await executionsOf(run.id);
    expect(execs).toHaveLength(3);
    const byKey = Object.fromEntries(execs.map((x) => [x.workflowNodeKey, x]));
    expect(byKey.a!.triggerType).toBe('workflow');
    expect(byKey.a!.triggerRef).toBe(`workflow:${run.id}:a`);
    expect(byKey.b!.inputParameters).toEqual({ step: 2 });
    expect(byKey.a!.finishedAt!.getTime()).toBeLessThanOrEqual(byKey.b!.startedAt!.getTime());
    expect(byKey.b!.finishedAt!.getTime()).toBeLessThanOrEqual(byKey.c!.startedAt!.getTime());
    expect(nodeOf(run, 'b').execution_id).toBe(byKey.b!.id);
    expect(run.finished_at).not.toBeNull();
    expect(run.duration_ms).toBeGreaterThanOrEqual(0);
  });

  it("passes one node's result into the next node's parameters", async () => {
    const producer = await activeScript(
      admin,
      'import json, os\nn = int(os.environ["PARAM_N"])\njson.dump({"value": n * 10, "label": "x" + str(n)}, open(os.environ["VSS_RESULT_FILE"], "w"))\n',
      'python',
    );
    const consumer = await activeScript(
      admin,
      'import json, os\ninp = json.load(open(os.environ["VSS_INPUT_FILE"]))\njson.dump({"got": inp["v"] + 1, "label": inp["label"]}, open(os.environ["VSS_RESULT_FILE"], "w"))\n',
      'python',
    );
    const wf = await workflowOf(
      admin,
      {
        nodes: [
          n.start(),
          n.script('produce', producer.id, { n: expr('input.n') }),
          n.script('consume', consumer.id, {
            v: expr('nodes.produce.output.value'),
            label: expr('nodes.produce.output.label|upper'),
          }),
          n.end(),
        ],
        edges: chain('start', 'produce', 'consume', 'end'),
      },
      { input_schema: { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } } },
    );
    const started = await startWorkflowRun({ actor: admin, workflowId: wf.id, input: { n: 4 }, trigger: 'api' });
    const run = await waitForRun(admin, started.id);
    expect(run.status).toBe('succeeded');
    expect(nodeOf(run, 'produce').output).toEqual({ value: 40, label: 'x4' });
    expect(nodeOf(run, 'consume').output).toEqual({ got: 41, label: 'X4' });
  });

  it('runs a pinned script version, or the current one when none is pinned', async () => {
    const s = await activeScript(admin, 'echo \'{"v": 1}\' > "$VSS_RESULT_FILE"\n');
    await updateScript({
      actor: admin,
      input: { id: s.id, patch: { content: 'echo \'{"v": 2}\' > "$VSS_RESULT_FILE"\n' } },
    });
    const wf = await workflowOf(admin, {
      nodes: [
        n.start(),
        { key: 'pinned', type: 'script', config: { script_id: s.id, script_version: 1 } },
        n.script('latest', s.id),
        n.end(),
      ],
      edges: chain('start', 'pinned', 'latest', 'end'),
    });
    const run = await waitForRun(
      admin,
      (await startWorkflowRun({ actor: admin, workflowId: wf.id, input: {}, trigger: 'manual' })).id,
    );
    expect(run.status).toBe('succeeded');
    expect(nodeOf(run, 'pinned').output).toEqual({ v: 1 });
    expect(nodeOf(run, 'latest').output).toEqual({ v: 2 });
  });

  it('refuses input that does not match the input schema, naming the field', async () => {
    const wf = await workflowOf(
      admin,
      { nodes: [n.start(), n.end()], edges: [e('start', 'end')] },
      { input_schema: { type: 'object', required: ['camera'], properties: { camera: { type: 'string' } } } },
    );
    await expect(
      startWorkflowRun({ actor: admin, workflowId: wf.id, input: {}, trigger: 'manual' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_ERROR', details: [{ field: 'input.camera', message: 'is required' }] });
  });
});
