import { finalStatuses } from '@/server/executions/executions.schema';
import { evaluateCondition, evaluateExpression, type ExpressionContext } from '../expressions';
import { finalRunStatuses, type RunNodeStatus, type WorkflowNode } from '../workflows.schema';
import { edgeState } from './edge-states';
import { readiness } from './join';
import type { RunGraph } from './run-graph';
import type {
  Decision,
  EngineEvent,
  EngineExecution,
  EngineNode,
  EngineRun,
  NodeChange,
  RunChange,
  ScriptDispatch,
  ScriptNode,
} from './types';

export interface DecideInput {
  run: EngineRun;
  nodes: readonly EngineNode[];
  graph: RunGraph;
  event: EngineEvent;
  /** Executions of the nodes `executionsToRead` names (latest first per node); others are ignored. */
  executions?: readonly EngineExecution[];
  now: Date;
}

const OPEN: readonly RunNodeStatus[] = ['pending', 'queued', 'running'];
const isOpen = (s: RunNodeStatus) => OPEN.includes(s);
const isFinalExecution = (s: string) => (finalStatuses as readonly string[]).includes(s);
const isFinalRun = (s: string) => (finalRunStatuses as readonly string[]).includes(s);
/** A script node waiting for its execution to end. */
const waiting = (n: EngineNode) => n.nodeType === 'script' && (n.status === 'queued' || n.status === 'running');

/**
 * The nodes whose executions `decide` reads for this event: the finished node's, or on a resume
 * every script node still waiting for one. `known` are executions the caller already holds (the
 * one it just ended); a node whose linked execution is among them needs no read.
 */
export function executionsToRead(
  run: Pick<EngineRun, 'status'>,
  nodes: readonly EngineNode[],
  event: EngineEvent,
  known: readonly Pick<EngineExecution, 'id'>[] = [],
): string[] {
  const holds = (n: EngineNode) => n.executionId !== null && known.some((e) => e.id === n.executionId);
  if (event.kind === 'node-finished') {
    const n = nodes.find((x) => x.nodeKey === event.nodeKey);
    return n && !holds(n) ? [n.nodeKey] : [];
  }
  if (event.kind !== 'advance' || isFinalRun(run.status)) return [];
  return nodes.filter((n) => waiting(n) && !holds(n)).map((n) => n.nodeKey);
}

/** A node's execution: the linked one, or before it is linked the latest of its node. */
function executionOf(n: EngineNode, executions: readonly EngineExecution[]): EngineExecution | undefined {
  return executions.find((e) => (n.executionId ? e.id === n.executionId : e.workflowNodeKey === n.nodeKey));
}

/**
 * One advancement of a run: the event applied, then every consequence propagated (inline nodes
 * complete, branches are skipped, the run ends) until nothing moves. Pure: the worker loads the
 * run, its nodes and the executions named by `executionsToRead` under the run's row lock, calls
 * this, writes the changes (each conditional on the status read) and carries out the effects.
 */
export function decide(input: DecideInput): Decision {
  const { run, graph: g, event, now } = input;
  const executions = input.executions ?? [];
  const nodes = new Map(input.nodes.map((n) => [n.nodeKey, { ...n }]));
  const original = new Map(input.nodes.map((n) => [n.nodeKey, n.status]));
  const changed: string[] = [];
  let runChange: RunChange = {};
  let failure: string | null = null;
  let final = isFinalRun(run.status);
  let dispatch: ScriptDispatch[] = [];
  let delays: Decision['delays'] = [];
  const cancel: string[] = [];
  if (!final && run.status === 'queued') runChange = { status: 'running', startedAt: now };

  const def = (key: string): WorkflowNode => g.ix.nodes.get(key)!;
  const set = (key: string, patch: Partial<EngineNode>) => {
    Object.assign(nodes.get(key)!, patch);
    if (!changed.includes(key)) changed.push(key);
  };
  const context = (): ExpressionContext => {
    const out: ExpressionContext['nodes'] = {};
    for (const n of nodes.values()) out[n.nodeKey] = { output: n.output ?? null, status: n.status };
    return { input: run.input as Record<string, unknown>, nodes: out };
  };

  /** Error policy `fail`: the run fails; unfinished nodes are cancelled, running executions stopped. */
  const failRun = (message: string) => {
    if (failure) return;
    failure = message;
    for (const n of nodes.values()) {
      if (!isOpen(n.status)) continue;
      if (n.executionId) cancel.push(n.executionId);
      // A script node's finish time is recorded when its execution has really stopped.
      const finishedAt = n.executionId ? null : now;
      set(n.nodeKey, { status: 'cancelled', error: `not finished: ${message}`, finishedAt });
    }
    dispatch = dispatch.filter((d) => nodes.get(d.key)!.status === 'queued');
    delays = delays.filter((d) => nodes.get(d.key)!.status === 'running');
  };

  type Ending = { output?: unknown; error?: string; finishedAt?: Date | null };
  const complete = (key: string, status: 'succeeded' | 'failed', r: Ending) => {
    const n = nodes.get(key)!;
    const { output = null, error = null, finishedAt } = r;
    set(key, { status, output, error, startedAt: n.startedAt ?? now, finishedAt: finishedAt ?? now });
    if (status !== 'failed') return;
    const d = def(key);
    const hasErrorEdge = g.ix.out.get(key)!.some((e) => e.label === 'error');
    if (d.error_policy === 'fail' || (d.error_policy === 'error_edge' && !hasErrorEdge)) {
      failRun(`node "${key}" failed: ${r.error ?? 'unknown error'}`);
    }
  };

  const completeScript = (n: EngineNode, exec: EngineExecution) => {
    set(n.nodeKey, { executionId: exec.id, attempt: Math.max(n.attempt, 1), startedAt: exec.startedAt ?? n.startedAt });
    const output = exec.result ?? null;
    if (exec.status === 'succeeded') complete(n.nodeKey, 'succeeded', { output, finishedAt: exec.finishedAt });
    else {
      const error = `execution ${exec.status}${exec.error ? `: ${exec.error}` : ''}`;
      complete(n.nodeKey, 'failed', { output, finishedAt: exec.finishedAt, error });
    }
  };

  const scriptParams = (key: string, d: ScriptNode): Record<string, unknown> | null => {
    try {
      return evaluateParameters(d, context());
    } catch (err) {
      complete(key, 'failed', { error: (err as Error).message });
      return null;
    }
  };

  const activate = (key: string, arrivedFrom: string[]) => {
    const d = def(key);
    const n = nodes.get(key)!;
    switch (d.type) {
      case 'start':
      case 'parallel':
      case 'end':
        complete(key, 'succeeded', { output: null });
        return;
      case 'join':
        complete(key, 'succeeded', { output: { arrived: arrivedFrom } });
        return;
      case 'condition': {
        let result: boolean;
        try {
          result = evaluateCondition(d.config.condition, context());
        } catch (err) {
          complete(key, 'failed', { error: (err as Error).message });
          return;
        }
        complete(key, 'succeeded', { output: { result } });
        return;
      }
      // The attempt is counted before the node changes: the dispatch and the node row carry the same
      // one, so a re-dispatch after a crash (recover) derives the same idempotency key.
      case 'delay': {
        const attempt = n.attempt + 1;
        set(key, { status: 'running', attempt, startedAt: now });
        delays.push({ key, delayMs: Math.round(d.config.seconds * 1000), attempt });
        return;
      }
      case 'script': {
        const params = scriptParams(key, d);
        if (!params) return;
        const attempt = n.attempt + 1;
        set(key, { status: 'queued', attempt, startedAt: now });
        dispatch.push({ key, node: d, params, attempt });
        return;
      }
    }
  };

  /**
   * Moves every pending node whose incoming edges are settled (join.ts), in topological order and
   * until nothing moves, so a chain of inline nodes and a skipped branch settle in one decision.
   */
  const propagate = () => {
    for (let moved = true; moved && !failure;) {
      moved = false;
      for (const key of g.order) {
        if (failure) return;
        const n = nodes.get(key);
        if (!n) continue;
        if (n.nodeType === 'start' && n.status === 'queued') {
          complete(key, 'succeeded', { output: run.input });
          moved = true;
          continue;
        }
        if (n.status !== 'pending') continue;
        const incoming = g.ix.in.get(key)!;
        const states = incoming.map((e) => edgeState(e, nodes.get(e.source)!, def(e.source)));
        const next = readiness(def(key), states);
        if (next === 'run')
          activate(
            key,
            incoming.filter((_, i) => states[i] === 'taken').map((e) => e.source),
          );
        else if (next === 'skip') set(key, { status: 'skipped', finishedAt: now });
        moved ||= next !== 'wait';
      }
    }
  };

  /**
   * Work a crashed worker accepted but never handed out: script nodes `queued` without an execution
   * and delays still `running`. Handing them out again is safe: the execution's idempotency key and
   * the delay job's id are derived from (run, node, attempt). True when a node completed meanwhile.
   */
  const recover = (): boolean => {
    if (failure) return false;
    let completed = false;
    const dispatched = new Set(dispatch.map((d) => d.key));
    const delayed = new Set(delays.map((d) => d.key));
    for (const n of nodes.values()) {
      const d = def(n.nodeKey);
      if (d.type === 'script' && n.status === 'queued' && !n.executionId && !dispatched.has(n.nodeKey)) {
        const params = scriptParams(n.nodeKey, d);
        if (params) dispatch.push({ key: n.nodeKey, node: d, params, attempt: Math.max(n.attempt, 1) });
        else completed = true;
      } else if (d.type === 'delay' && n.status === 'running' && !delayed.has(n.nodeKey)) {
        const due = (n.startedAt ?? now).getTime() + d.config.seconds * 1000;
        delays.push({ key: n.nodeKey, delayMs: Math.max(0, due - now.getTime()), attempt: Math.max(n.attempt, 1) });
      }
    }
    return completed;
  };

  const finishIfDone = () => {
    const open = [...nodes.values()].some((n) => isOpen(n.status));
    if (open && !failure) return;
    const startedAt = runChange.startedAt ?? run.startedAt ?? run.createdAt;
    runChange = {
      ...runChange,
      status: failure ? 'failed' : 'succeeded',
      error: failure,
      finishedAt: now,
      durationMs: now.getTime() - startedAt.getTime(),
    };
    final = true;
  };

  // ---- the event
  const node = 'nodeKey' in event ? nodes.get(event.nodeKey) : undefined;
  switch (event.kind) {
    case 'advance':
      // A resume: script nodes whose executions ended while nobody listened complete now. Each
      // records how its execution ended, even when an earlier one of them failed the run.
      if (final) break;
      for (const n of [...nodes.values()].filter(waiting)) {
        const exec = executionOf(n, executions);
        if (exec && isFinalExecution(exec.status)) completeScript(n, exec);
      }
      break;
    case 'node-finished': {
      const exec = node && executionOf(node, executions);
      if (!node || !exec || !isFinalExecution(exec.status)) break;
      if (final || node.status === 'cancelled') {
        // The run ended first (cancel, or another node failed): only record when the execution stopped.
        if (node.status === 'cancelled' && !node.finishedAt) {
          set(node.nodeKey, { finishedAt: exec.finishedAt ?? now, executionId: node.executionId ?? exec.id });
        }
        break;
      }
      if (node.status === 'queued' || node.status === 'running') completeScript(node, exec);
      break;
    }
    case 'delay-done': {
      const d = node && def(node.nodeKey);
      if (!final && node?.status === 'running' && d?.type === 'delay') {
        complete(node.nodeKey, 'succeeded', { output: { seconds: d.config.seconds } });
      }
      break;
    }
    case 'dispatch-failed':
      if (!final && node?.status === 'queued' && !node.executionId) {
        complete(node.nodeKey, 'failed', { error: event.error });
      }
      break;
  }

  // ---- its consequences
  if (!final) {
    propagate();
    if (recover()) propagate();
    finishIfDone();
  }

  const changes: NodeChange[] = changed.map((key) => ({ expected: original.get(key)!, node: nodes.get(key)! }));
  return {
    nodes: changes,
    run: Object.keys(runChange).length ? runChange : null,
    dispatch,
    delays,
    cancel,
    final,
    durable: final || cancel.length > 0 || changes.some((c) => c.node.status === 'cancelled'),
  };
}

/** A script node's parameters: literals as given, expressions evaluated over the run's state. */
export function evaluateParameters(node: ScriptNode, ctx: ExpressionContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, m] of Object.entries(node.config.parameters)) {
    if (m.mode === 'literal') out[name] = m.value;
    else {
      try {
        out[name] = evaluateExpression(m.expression, ctx);
      } catch (err) {
        throw new Error(`parameter "${name}": ${(err as Error).message}`);
      }
    }
  }
  return out;
}
