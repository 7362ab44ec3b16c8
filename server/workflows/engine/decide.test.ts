import { describe, expect, it } from 'vitest';
import { workflowGraph, type RunNodeStatus, type WorkflowNodeInput } from '../workflows.schema';
import { decide, executionsToRead, type DecideInput } from './decide';
import { prepareRunGraph } from './run-graph';
import type { Decision, EngineEvent, EngineExecution, EngineNode, EngineRun } from './types';

/*
 * The engine's rules as data: a graph, the nodes' states, an event → the decision. No database,
 * no queue: what the worker writes and enqueues is exactly what these decisions say.
 */

const NOW = new Date('2026-01-01T00:00:10.000Z');
const EARLIER = new Date('2026-01-01T00:00:00.000Z');
const SCRIPT_ID = '00000000-0000-4000-8000-000000000001';

type NodeSpec = WorkflowNodeInput;
const start = (): NodeSpec => ({ key: 'start', type: 'start' });
const end = (key = 'end'): NodeSpec => ({ key, type: 'end' });
const script = (key: string, extra: Partial<Record<'error_policy' | 'parameters', unknown>> = {}): NodeSpec => ({
  key,
  type: 'script',
  error_policy: (extra.error_policy ?? 'fail') as 'fail',
  config: { script_id: SCRIPT_ID, parameters: (extra.parameters ?? {}) as Record<string, never> },
});
let edgeNo = 0;
const edge = (source: string, target: string, label: 'true' | 'false' | 'error' | null = null) => ({
  id: `e${++edgeNo}`,
  source,
  target,
  label,
});

function graphOf(nodes: NodeSpec[], edges: ReturnType<typeof edge>[]) {
  return prepareRunGraph(workflowGraph.parse({ nodes, edges }));
}

/** Every node of the graph, `pending` unless given (the start node `queued`, as a run begins). */
type States = Record<string, Partial<EngineNode> | RunNodeStatus>;
function nodesOf(g: ReturnType<typeof graphOf>, states: States = {}): EngineNode[] {
  return g.graph.nodes.map((n) => {
    const given = states[n.key];
    const patch = typeof given === 'string' ? { status: given } : (given ?? {});
    return {
      nodeKey: n.key,
      nodeType: n.type,
      status: n.type === 'start' ? 'queued' : 'pending',
      attempt: 0,
      executionId: null,
      output: null,
      error: null,
      startedAt: null,
      finishedAt: null,
      ...patch,
    };
  });
}

const run = (patch: Partial<EngineRun> = {}): EngineRun => ({
  id: 'r1',
  status: 'running',
  input: { who: 'world' },
  startedAt: EARLIER,
  createdAt: EARLIER,
  ...patch,
});

const execution = (key: string, status: string, patch: Partial<EngineExecution> = {}): EngineExecution => ({
  id: `x-${key}`,
  workflowNodeKey: key,
  status,
  result: null,
  error: null,
  startedAt: EARLIER,
  finishedAt: NOW,
  ...patch,
});

function decideOn(input: Omit<DecideInput, 'now' | 'run'> & { run?: EngineRun }): Decision {
  return decide({ run: run(), now: NOW, ...input });
}

/** The decision's node changes as `{key: status}`. */
const statuses = (d: Decision) => Object.fromEntries(d.nodes.map((c) => [c.node.nodeKey, c.node.status]));
const changed = (d: Decision, key: string) => d.nodes.find((c) => c.node.nodeKey === key)?.node;
const finished = (key: string, output: unknown = null) => ({
  status: 'succeeded' as const,
  attempt: 1,
  executionId: `x-${key}`,
  output,
  startedAt: EARLIER,
  finishedAt: EARLIER,
});
const running = (key: string) => ({ status: 'running' as const, attempt: 1, executionId: `x-${key}` });

const advance: EngineEvent = { kind: 'advance' };
const nodeFinished = (nodeKey: string): EngineEvent => ({ kind: 'node-finished', nodeKey });

describe('decide: node types', () => {
  const inline = graphOf(
    [start(), { key: 'fan', type: 'parallel' }, script('a'), script('b'), { key: 'j', type: 'join' }, end()],
    [edge('start', 'fan'), edge('fan', 'a'), edge('fan', 'b'), edge('a', 'j'), edge('b', 'j'), edge('j', 'end')],
  );

  it('a new run: the start node completes with the run input, the run turns running, the parallel fans out', () => {
    const queued = run({ status: 'queued', startedAt: null });
    const d = decideOn({ run: queued, graph: inline, nodes: nodesOf(inline), event: advance });
    expect(statuses(d)).toEqual({ start: 'succeeded', fan: 'succeeded', a: 'queued', b: 'queued' });
    expect(changed(d, 'start')).toMatchObject({ output: { who: 'world' }, startedAt: NOW, finishedAt: NOW });
    expect(changed(d, 'fan')?.output).toBeNull();
    expect(d.run).toEqual({ status: 'running', startedAt: NOW });
    // Fan-out: every branch is started by this one decision.
    expect(d.dispatch.map((x) => [x.key, x.attempt])).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
    expect(changed(d, 'a')).toMatchObject({ attempt: 1, startedAt: NOW });
    expect(d).toMatchObject({ final: false, durable: false, cancel: [], delays: [] });
  });

  it('a join whose last input ends completes in the same decision, and so do the nodes after it', () => {
    const nodes = nodesOf(inline, {
      start: finished('start'),
      fan: finished('fan'),
      a: finished('a'),
      b: running('b'),
    });
    const executions = [execution('b', 'succeeded', { result: { n: 2 } })];
    const d = decideOn({ graph: inline, nodes, event: nodeFinished('b'), executions });
    expect(statuses(d)).toEqual({ b: 'succeeded', j: 'succeeded', end: 'succeeded' });
    expect(changed(d, 'b')).toMatchObject({ output: { n: 2 }, executionId: 'x-b', finishedAt: NOW });
    expect(changed(d, 'j')?.output).toEqual({ arrived: ['a', 'b'] });
    expect(d.run).toMatchObject({ status: 'succeeded', error: null, finishedAt: NOW, durationMs: 10_000 });
    expect(d).toMatchObject({ final: true, durable: true });
  });

  it('a join waits while one of its inputs is still running', () => {
    const nodes = nodesOf(inline, { start: finished('start'), fan: finished('fan'), a: running('a'), b: running('b') });
    const d = decideOn({ graph: inline, nodes, event: nodeFinished('b'), executions: [execution('b', 'succeeded')] });
    expect(statuses(d)).toEqual({ b: 'succeeded' });
    expect(d.run).toBeNull();
    expect(d.final).toBe(false);
  });

  const params = graphOf(
    [
      start(),
      script('a'),
      script('b', {
        parameters: {
          n: { mode: 'expression', expression: 'nodes.a.output.n + 1' },
          who: { mode: 'expression', expression: 'input.who' },
          k: { mode: 'literal', value: [1] },
        },
      }),
      end(),
    ],
    [edge('start', 'a'), edge('a', 'b'), edge('b', 'end')],
  );

  it('a script node gets literal parameters as given and expressions over the run state', () => {
    const nodes = nodesOf(params, { start: finished('start'), a: { status: 'running', executionId: 'x-a' } });
    const executions = [execution('a', 'succeeded', { result: { n: 41 } })];
    const d = decideOn({ graph: params, nodes, event: nodeFinished('a'), executions });
    const params42 = { n: 42, who: 'world', k: [1] };
    expect(d.dispatch).toEqual([expect.objectContaining({ key: 'b', attempt: 1, params: params42 })]);
  });

  it('a parameter expression that cannot be evaluated fails the node (and with policy fail, the run)', () => {
    const bad = graphOf(
      [start(), script('a'), script('b', { parameters: { n: { mode: 'expression', expression: 'a|nope' } } })],
      [edge('start', 'a'), edge('a', 'b')],
    );
    const nodes = nodesOf(bad, { start: finished('start'), a: { status: 'running', executionId: 'x-a' } });
    const d = decideOn({ graph: bad, nodes, event: nodeFinished('a'), executions: [execution('a', 'succeeded')] });
    expect(changed(d, 'b')).toMatchObject({ status: 'failed' });
    expect(changed(d, 'b')?.error).toMatch(/^parameter "n": /);
    expect(d.dispatch).toEqual([]);
    expect(d.run).toMatchObject({ status: 'failed' });
  });

  const delay = graphOf(
    [start(), { key: 'wait', type: 'delay', config: { seconds: 1.5 } }, end()],
    [edge('start', 'wait'), edge('wait', 'end')],
  );

  it('a delay node runs as a timer and completes when it fires', () => {
    const d = decideOn({ graph: delay, nodes: nodesOf(delay), event: advance });
    expect(changed(d, 'wait')).toMatchObject({ status: 'running', attempt: 1, startedAt: NOW });
    expect(d.delays).toEqual([{ key: 'wait', delayMs: 1500, attempt: 1 }]);
    const nodes = nodesOf(delay, { start: finished('start'), wait: { ...running('wait'), executionId: null } });
    const fired = decideOn({ graph: delay, nodes, event: { kind: 'delay-done', nodeKey: 'wait' } });
    expect(statuses(fired)).toEqual({ wait: 'succeeded', end: 'succeeded' });
    expect(changed(fired, 'wait')?.output).toEqual({ seconds: 1.5 });
    expect(fired.final).toBe(true);
  });

  it('a repeated delay-done for a delay that already completed changes nothing', () => {
    const nodes = nodesOf(delay, { start: finished('start'), wait: finished('wait'), end: finished('end') });
    const d = decideOn({ graph: delay, nodes, event: { kind: 'delay-done', nodeKey: 'wait' } });
    expect(d.nodes).toEqual([]);
  });
});

describe('decide: conditions and edge labels', () => {
  const cond = (expression: string) =>
    graphOf(
      [
        start(),
        { key: 'c', type: 'condition', config: { condition: { mode: 'expression', expression } } },
        script('yes'),
        script('no'),
        end('after_no'),
      ],
      [edge('start', 'c'), edge('c', 'yes', 'true'), edge('c', 'no', 'false'), edge('no', 'after_no')],
    );

  it.each([
    ['input.who == "world"', true, { yes: 'queued', no: 'skipped', after_no: 'skipped' }],
    ['input.who == "moon"', false, { yes: 'skipped', no: 'queued' }],
  ])('%s → %s: only the edge labelled with the result is taken, the other skipped', (expression, result, expected) => {
    const g = cond(expression);
    const d = decideOn({ graph: g, nodes: nodesOf(g), event: advance });
    expect(changed(d, 'c')?.output).toEqual({ result });
    expect(statuses(d)).toMatchObject({ start: 'succeeded', c: 'succeeded', ...expected });
  });

  it('a condition that cannot be evaluated fails the node', () => {
    const g = cond('input.who ==');
    const d = decideOn({ graph: g, nodes: nodesOf(g), event: advance });
    expect(changed(d, 'c')).toMatchObject({ status: 'failed' });
    expect(d.run).toMatchObject({ status: 'failed' });
    expect(d.run?.error).toMatch(/^node "c" failed: /);
  });
});

describe('decide: error policies', () => {
  const policyGraph = (policy: 'fail' | 'continue' | 'error_edge', withErrorEdge: boolean) =>
    graphOf(
      [start(), script('a', { error_policy: policy }), script('next'), script('handler'), script('other')],
      [
        edge('start', 'a'),
        edge('a', 'next'),
        ...(withErrorEdge ? [edge('a', 'handler', 'error')] : []),
        edge('start', 'other'),
      ],
    );
  const failedA = (g: ReturnType<typeof graphOf>) =>
    decideOn({
      graph: g,
      nodes: nodesOf(g, { start: finished('start'), a: running('a'), other: running('other') }),
      event: nodeFinished('a'),
      executions: [execution('a', 'failed', { error: 'exited with code 3' })],
    });

  it('fail: the run fails, open nodes are cancelled and running executions stopped', () => {
    const d = failedA(policyGraph('fail', true));
    expect(changed(d, 'a')).toMatchObject({ status: 'failed', error: 'execution failed: exited with code 3' });
    expect(statuses(d)).toMatchObject({ next: 'cancelled', handler: 'cancelled', other: 'cancelled' });
    // A node whose execution is still running gets its finish time when that execution stops.
    const because = 'not finished: node "a" failed: execution failed: exited with code 3';
    expect(changed(d, 'other')).toMatchObject({ finishedAt: null, error: because });
    expect(changed(d, 'next')?.finishedAt).toEqual(NOW);
    expect(d.cancel).toEqual(['x-other']);
    expect(d.run).toMatchObject({ status: 'failed', error: 'node "a" failed: execution failed: exited with code 3' });
    expect(d).toMatchObject({ final: true, durable: true, dispatch: [] });
  });

  it('continue: the unlabelled edges are taken, the error edges are not', () => {
    const d = failedA(policyGraph('continue', true));
    expect(statuses(d)).toEqual({ a: 'failed', next: 'queued', handler: 'skipped' });
    expect(d.run).toBeNull();
  });

  it('error_edge: only the error edges are taken', () => {
    const d = failedA(policyGraph('error_edge', true));
    expect(statuses(d)).toEqual({ a: 'failed', next: 'skipped', handler: 'queued' });
    expect(d.dispatch.map((x) => x.key)).toEqual(['handler']);
  });

  it('error_edge without an error edge fails the run like fail', () => {
    const d = failedA(policyGraph('error_edge', false));
    expect(d.run).toMatchObject({ status: 'failed' });
    expect(d.cancel).toEqual(['x-other']);
  });

  it.each(['timed_out', 'cancelled'])('an execution that ended %s fails its node', (status) => {
    const d = failedA(policyGraph('continue', false));
    expect(d.nodes[0]?.node.status).toBe('failed');
    const g = policyGraph('continue', false);
    const e = decideOn({
      graph: g,
      nodes: nodesOf(g, { start: finished('start'), a: { status: 'running', executionId: 'x-a' } }),
      event: nodeFinished('a'),
      executions: [execution('a', status)],
    });
    expect(changed(e, 'a')).toMatchObject({ status: 'failed', error: `execution ${status}` });
  });

  it('a script the dispatcher could not start fails its node', () => {
    const g = policyGraph('fail', false);
    const nodes = nodesOf(g, { start: finished('start'), a: { status: 'queued', attempt: 1 } });
    const error = 'could not start the script: disabled';
    const d = decideOn({ graph: g, nodes, event: { kind: 'dispatch-failed', nodeKey: 'a', error } });
    expect(changed(d, 'a')).toMatchObject({ status: 'failed', error: 'could not start the script: disabled' });
    expect(d.run).toMatchObject({ status: 'failed' });
  });
});

describe('decide: join modes', () => {
  const joinGraph = (mode: 'all' | 'first') =>
    graphOf(
      [start(), script('a'), script('b'), { key: 'j', type: 'join', config: { mode } }, script('after')],
      [edge('start', 'a'), edge('start', 'b'), edge('a', 'j'), edge('b', 'j'), edge('j', 'after')],
    );

  it('all: waits for every input; first: runs at the first one', () => {
    const cases = [
      ['all', { a: 'succeeded' }],
      ['first', { a: 'succeeded', j: 'succeeded', after: 'queued' }],
    ] as const;
    for (const [mode, expected] of cases) {
      const g = joinGraph(mode);
      const nodes = nodesOf(g, { start: finished('start'), a: running('a'), b: running('b') });
      const d = decideOn({ graph: g, nodes, event: nodeFinished('a'), executions: [execution('a', 'succeeded')] });
      expect(statuses(d)).toEqual(expected);
      if (mode === 'first') expect(changed(d, 'j')?.output).toEqual({ arrived: ['a'] });
    }
  });

  it('first: the join does not run again when a later input ends', () => {
    const g = joinGraph('first');
    const nodes = nodesOf(g, {
      start: finished('start'),
      a: finished('a'),
      b: running('b'),
      j: finished('j'),
      after: running('after'),
    });
    const d = decideOn({ graph: g, nodes, event: nodeFinished('b'), executions: [execution('b', 'succeeded')] });
    expect(statuses(d)).toEqual({ b: 'succeeded' });
  });

  it('all: a dead input does not block; the join lists only the inputs that arrived', () => {
    const g = graphOf(
      [
        start(),
        script('a'),
        script('b', { error_policy: 'error_edge' }),
        script('fix'),
        { key: 'j', type: 'join' },
        end(),
      ],
      [
        edge('start', 'a'),
        edge('start', 'b'),
        edge('b', 'fix', 'error'),
        edge('a', 'j'),
        edge('b', 'j'),
        edge('j', 'end'),
      ],
    );
    const nodes = nodesOf(g, { start: finished('start'), a: finished('a'), b: running('b') });
    const d = decideOn({ graph: g, nodes, event: nodeFinished('b'), executions: [execution('b', 'succeeded')] });
    expect(statuses(d)).toEqual({ b: 'succeeded', fix: 'skipped', j: 'succeeded', end: 'succeeded' });
    expect(changed(d, 'j')?.output).toEqual({ arrived: ['a', 'b'] });
    expect(d.run).toMatchObject({ status: 'succeeded' });
  });
});

describe('decide: cancel', () => {
  const g = graphOf([start(), script('a'), end()], [edge('start', 'a'), edge('a', 'end')]);

  it('an execution that stops after its run was cancelled only records when it stopped', () => {
    const nodes = nodesOf(g, {
      start: finished('start'),
      a: { ...running('a'), status: 'cancelled' },
      end: 'cancelled',
    });
    const d = decideOn({
      run: run({ status: 'cancelled' }),
      graph: g,
      nodes,
      event: nodeFinished('a'),
      executions: [execution('a', 'cancelled')],
    });
    const stopped = expect.objectContaining({ nodeKey: 'a', status: 'cancelled', finishedAt: NOW });
    expect(d.nodes).toEqual([{ expected: 'cancelled', node: stopped }]);
    expect(d).toMatchObject({ run: null, final: true, dispatch: [], cancel: [] });
  });

  it('a cancelled run is never advanced, resumed or re-dispatched', () => {
    const nodes = nodesOf(g, { start: finished('start'), a: { status: 'queued', attempt: 1 } });
    const d = decideOn({ run: run({ status: 'cancelled' }), graph: g, nodes, event: advance });
    expect(d).toMatchObject({ nodes: [], run: null, dispatch: [], delays: [] });
  });

  it('an execution that is not final yet changes nothing', () => {
    const nodes = nodesOf(g, { start: finished('start'), a: { status: 'running', executionId: 'x-a' } });
    const d = decideOn({ graph: g, nodes, event: nodeFinished('a'), executions: [execution('a', 'running')] });
    expect(d.nodes).toEqual([]);
  });
});

describe('decide: crash resume (advance)', () => {
  const g = graphOf(
    [
      start(),
      script('a'),
      script('b'),
      { key: 'wait', type: 'delay', config: { seconds: 30 } },
      { key: 'j', type: 'join' },
      end(),
    ],
    [
      edge('start', 'a'),
      edge('start', 'b'),
      edge('start', 'wait'),
      edge('a', 'j'),
      edge('b', 'j'),
      edge('wait', 'j'),
      edge('j', 'end'),
    ],
  );

  it('hands out again what a crashed worker accepted but never handed out, with the same attempt', () => {
    const nodes = nodesOf(g, {
      start: finished('start'),
      a: { status: 'queued', attempt: 1, startedAt: EARLIER }, // no execution: never dispatched
      b: { status: 'running', attempt: 1, executionId: 'x-b' }, // running: left alone
      wait: { status: 'running', attempt: 1, startedAt: EARLIER }, // its timer may be lost: re-armed for the rest
    });
    const d = decideOn({ graph: g, nodes, event: advance, executions: [execution('b', 'running')] });
    expect(d.nodes).toEqual([]);
    expect(d.dispatch.map((x) => [x.key, x.attempt])).toEqual([['a', 1]]);
    expect(d.delays).toEqual([{ key: 'wait', delayMs: 20_000, attempt: 1 }]);
    expect(d.durable).toBe(false);
  });

  it('completes script nodes whose executions ended while nobody listened', () => {
    const nodes = nodesOf(g, {
      start: finished('start'),
      a: { ...running('a'), status: 'queued' },
      b: running('b'),
      wait: finished('wait'),
    });
    const executions = [execution('a', 'succeeded', { result: { a: 1 } }), execution('b', 'succeeded')];
    const d = decideOn({ graph: g, nodes, event: advance, executions });
    expect(statuses(d)).toEqual({ a: 'succeeded', b: 'succeeded', j: 'succeeded', end: 'succeeded' });
    expect(changed(d, 'a')?.output).toEqual({ a: 1 });
    expect(d.run).toMatchObject({ status: 'succeeded' });
  });

  it('a node not linked yet takes the latest execution of its node', () => {
    const nodes = nodesOf(g, {
      start: finished('start'),
      a: { status: 'queued', attempt: 1 },
      b: finished('b'),
      wait: finished('wait'),
    });
    const latest = execution('a', 'succeeded', { id: 'x-a2' });
    const executions = [latest, execution('a', 'failed', { id: 'x-a1' })];
    const d = decideOn({ graph: g, nodes, event: advance, executions });
    expect(changed(d, 'a')).toMatchObject({ status: 'succeeded', executionId: 'x-a2' });
  });
});

describe('executionsToRead', () => {
  const g = graphOf([start(), script('a'), script('b'), end()], [edge('start', 'a'), edge('a', 'b'), edge('b', 'end')]);
  const nodes = nodesOf(g, { start: finished('start'), a: { status: 'running', executionId: 'x-a' }, b: 'queued' });

  it.each([
    ['the finished node', run(), nodeFinished('a'), [], ['a']],
    ['nothing when the caller holds the linked execution', run(), nodeFinished('a'), [{ id: 'x-a' }], []],
    ['every waiting script node on a resume', run(), advance, [], ['a', 'b']],
    ['nothing on a resume of a final run', run({ status: 'failed' }), advance, [], []],
    ['nothing for a timer', run(), { kind: 'delay-done', nodeKey: 'a' } as const, [], []],
  ] as const)('%s', (_, r, event, known, expected) => {
    expect(executionsToRead(r, nodes, event, known)).toEqual(expected);
  });
});
