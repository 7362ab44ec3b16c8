import { describe, expect, it } from 'vitest';
import type { Actor } from '@/server/auth/actor';
import { startWorkflowRun } from '@/server/workflows/start-workflow-run';
import {
  activeScript,
  e,
  executionsOf,
  n,
  nodeOf,
  waitForRun,
  workflowOf,
} from '@/server/workflows/tests/workflow-harness';
import { useEngineWorker } from './engine-worker';

let admin: Actor;
useEngineWorker(4, (a) => (admin = a));

describe('workflow fan-out (issue #22)', () => {
  it('starts every branch in one decision and resolves the join in the decision of its last input', async () => {
    const s = await activeScript(admin, 'true\n');
    const pairs = [1, 2, 3, 4, 5].map((i) => [`b${i}a`, `b${i}b`] as const);
    const wf = await workflowOf(admin, {
      nodes: [
        n.start(),
        n.parallel('fan'),
        ...pairs.flatMap(([a, b]) => [n.script(a, s.id), n.script(b, s.id)]),
        n.join('all_done'),
        n.end(),
      ],
      edges: [
        e('start', 'fan'),
        ...pairs.flatMap(([a, b]) => [e('fan', a), e(a, b), e(b, 'all_done')]),
        e('all_done', 'end'),
      ],
    });
    const started = await startWorkflowRun({ actor: admin, workflowId: wf.id, input: {}, trigger: 'api' });
    const run = await waitForRun(admin, started.id);
    expect(run.status).toBe('succeeded');
    const execs = await executionsOf(run.id);
    expect(execs).toHaveLength(10);
    // Accepted in one transaction: PostgreSQL's now() is the transaction's start, the same for all five.
    const firsts = execs.filter((x) => x.workflowNodeKey!.endsWith('a'));
    expect(new Set(firsts.map((x) => x.queuedAt.getTime())).size).toBe(1);
    // The join, the end node and the run's end are one decision's changes: one clock reading.
    const decidedAt = nodeOf(run, 'all_done').finished_at;
    expect(nodeOf(run, 'end').finished_at).toBe(decidedAt);
    expect(run.finished_at).toBe(decidedAt);
    expect((nodeOf(run, 'all_done').output as { arrived: string[] }).arrived.sort()).toEqual(pairs.map(([, b]) => b));
  });
});
