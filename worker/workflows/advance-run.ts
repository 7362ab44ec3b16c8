import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { transactionOpenedBy } from '@/db/transaction-opened-by';
import { rowOf } from '@/db/row-of';
import { executions, workflowRunNodes, workflowRuns } from '@/db/schema';
import { AppError } from '@/server/errors/app-error';
import { acceptExecution } from '@/server/executions/execute-script';
import { isFinalStatus } from '@/server/executions/wait-for-final';
import type { RetryPolicy } from '@/server/queue/execution-queue';
import { evaluateCondition, evaluateExpression, type ExpressionContext } from '@/server/workflows/expressions';
import { isFinalRunStatus } from '@/server/workflows/cancel-run';
import type { RunNodeStatus, WorkflowEdge, WorkflowNode } from '@/server/workflows/workflows.schema';
import { nodeExecutionOptions } from './node-execution';
import { loadRunGraph, type RunGraph } from './run-graph';

type RunRow = typeof workflowRuns.$inferSelect;
type ExecutionRow = typeof executions.$inferSelect;
type NodeRow = typeof workflowRunNodes.$inferSelect;
type ScriptNode = Extract<WorkflowNode, { type: 'script' }>;

export type AdvanceEvent =
  | { kind: 'advance' }
  /** `execution`: the final row, when the caller has it (saves reading it again). */
  | { kind: 'node-finished'; nodeKey: string; execution?: typeof executions.$inferSelect }
  | { kind: 'delay-done'; nodeKey: string }
  | { kind: 'dispatch-failed'; nodeKey: string; error: string };

/** What the decision asks for once it has committed: work that leaves the database. */
export interface Effects {
  /** Script nodes whose runs could not be accepted in the decision: the dispatcher tries after commit. */
  dispatch: Array<{ key: string; node: ScriptNode; params: Record<string, unknown>; attempt: number }>;
  /** Runs accepted in the decision's transaction, to enqueue once it has committed. */
  enqueue: Array<{ executionId: string; retry: RetryPolicy }>;
  delays: Array<{ key: string; delayMs: number; attempt: number }>;
  cancel: string[];
}

const OPEN: readonly RunNodeStatus[] = ['pending', 'queued', 'running'];
type EdgeState = 'taken' | 'dead' | 'unresolved';

/**
 * One advancement of a run, in one transaction under the run's row lock (`select ... for update`),
 * so concurrent events for the same run are serialised and every decision sees the committed
 * state of the previous one. Node writes are conditional on the status read, so a decision can
 * never move a node twice. Returns the effects to carry out after commit.
 */
export async function decideAdvance(runId: string, event: AdvanceEvent): Promise<Effects | null> {
  if (!UUID.test(runId)) return null; // never a run
  return (await decide(runId, event)).effects;
}

/**
 * A node's execution ends and the run advances in one transaction: `finishing` (the statement that
 * writes the execution's final state, returning its row) runs first, in the opening round trip, and
 * the decision sees the row it returned. Answers that row (none when the execution was no longer
 * running) and the decision's effects.
 */
export async function finishAndDecide(runId: string, nodeKey: string, finishing: SQL) {
  return decide(runId, { kind: 'node-finished', nodeKey }, finishing);
}

async function decide(runId: string, event: AdvanceEvent, finishing?: SQL): Promise<{ effects: Effects | null; finished?: ExecutionRow }> {
  // The lock is taken with the BEGIN, in one round trip. The commit does not wait for the disk
  // unless the decision ends the run, stops executions or carries an execution's end: a decision
  // that only starts nodes is made durable by their claims (a synchronous commit flushes every
  // earlier one), and one lost with a database crash is made again from the durable executions by
  // the sweep.
  // The nodes in a statement of their own on purpose: read after the lock is granted, they include
  // what the previous holder committed (one statement would read them from a snapshot taken before
  // waiting).
  const opening = [
    finishing ?? sql`set local synchronous_commit = off`,
    sql`select * from workflow_runs where id = ${runId} for update`,
    sql`select * from workflow_run_nodes where run_id = ${runId}`,
  ];
  const decided = await transactionOpenedBy(opening, async (t) => {
    const { tx } = t;
    const finishedRow = finishing ? t.results[0]![0] : undefined;
    const finished = finishedRow ? rowOf(executions, finishedRow) : undefined;
    const [runRows, nodeRows] = t.results.slice(-2);
    if (!runRows![0]) return { state: null, finished };
    const run = rowOf(workflowRuns, runRows![0]);
    const rows = nodeRows!.map((r) => rowOf(workflowRunNodes, r));
    const graph = await loadRunGraph(tx, run.workflowVersionId);
    const state = new RunState(run, rows, graph);
    await state.apply(tx, event.kind === 'node-finished' && finished ? { ...event, execution: finished } : event);
    if (!state.final) {
      state.propagate();
      if (state.recover()) state.propagate();
      state.finishIfDone();
      await state.acceptDispatches(tx);
    }
    t.closing = state.closingStatements(tx);
    if (state.mustBeDurable && !finishing) t.closing.push(sql`set local synchronous_commit = on`);
    return { state, finished };
  });
  const { state, finished } = decided.value;
  if (!state) return { effects: null, finished };
  state.linkedWhileCancelled(decided.closed[0] ?? []);
  return { effects: state.effects, finished };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

class RunState {
  readonly effects: Effects = { dispatch: [], enqueue: [], delays: [], cancel: [] };
  private readonly nodes = new Map<string, NodeRow>();
  private readonly original = new Map<string, RunNodeStatus>();
  private readonly dirty = new Set<string>();
  private runPatch: Partial<RunRow> = {};
  private failure: string | null = null;
  private readonly now = new Date();
  final: boolean;

  constructor(private readonly run: RunRow, rows: NodeRow[], private readonly g: RunGraph) {
    for (const r of rows) {
      this.nodes.set(r.nodeKey, { ...r });
      this.original.set(r.nodeKey, r.status);
    }
    this.final = isFinalRunStatus(run.status);
    if (!this.final && run.status === 'queued') this.runPatch = { status: 'running', startedAt: this.now };
  }

  private def(key: string): WorkflowNode {
    return this.g.ix.nodes.get(key)!;
  }

  private set(key: string, patch: Partial<NodeRow>): void {
    Object.assign(this.nodes.get(key)!, patch);
    this.dirty.add(key);
  }

  // ---- events

  async apply(tx: DbOrTx, event: AdvanceEvent): Promise<void> {
    if (event.kind === 'advance') {
      if (!this.final) await this.resyncExecutions(tx);
      return;
    }
    const node = this.nodes.get(event.nodeKey);
    if (!node) return;
    switch (event.kind) {
      case 'node-finished': {
        const known = event.execution;
        const exec = known && node.executionId === known.id ? known : await findExecution(tx, this.run.id, node);
        if (!exec || !isFinalStatus(exec.status)) return;
        if (this.final || node.status === 'cancelled') {
          // The run ended first (cancel, or another node failed): only record when the execution stopped.
          if (node.status === 'cancelled' && !node.finishedAt) this.set(node.nodeKey, { finishedAt: exec.finishedAt ?? this.now, executionId: node.executionId ?? exec.id });
          return;
        }
        if (node.status === 'queued' || node.status === 'running') this.completeScript(node, exec);
        return;
      }
      case 'delay-done':
        if (!this.final && node.status === 'running' && node.nodeType === 'delay') {
          const d = this.def(node.nodeKey);
          this.complete(node.nodeKey, 'succeeded', { output: { seconds: d.type === 'delay' ? d.config.seconds : 0 } });
        }
        return;
      case 'dispatch-failed':
        if (!this.final && node.status === 'queued' && !node.executionId) this.complete(node.nodeKey, 'failed', { error: event.error });
        return;
    }
  }

  /** A resume: queued script nodes whose executions ended while nobody listened are completed now. */
  private async resyncExecutions(tx: DbOrTx): Promise<void> {
    const waiting = [...this.nodes.values()].filter((n) => n.nodeType === 'script' && (n.status === 'queued' || n.status === 'running'));
    if (!waiting.length) return;
    const rows = await tx
      .select()
      .from(executions)
      .where(and(eq(executions.workflowRunId, this.run.id), inArray(executions.workflowNodeKey, waiting.map((n) => n.nodeKey))))
      .orderBy(desc(executions.queuedAt));
    for (const n of waiting) {
      const exec = rows.find((e) => (n.executionId ? e.id === n.executionId : e.workflowNodeKey === n.nodeKey));
      if (exec && isFinalStatus(exec.status)) this.completeScript(n, exec);
    }
  }

  private completeScript(node: NodeRow, exec: typeof executions.$inferSelect): void {
    this.set(node.nodeKey, { executionId: exec.id, attempt: Math.max(node.attempt, 1), startedAt: exec.startedAt ?? node.startedAt });
    const output = exec.result ?? null;
    if (exec.status === 'succeeded') this.complete(node.nodeKey, 'succeeded', { output, finishedAt: exec.finishedAt });
    else this.complete(node.nodeKey, 'failed', { output, finishedAt: exec.finishedAt, error: `execution ${exec.status}${exec.error ? `: ${exec.error}` : ''}` });
  }

  // ---- decisions

  private complete(key: string, status: 'succeeded' | 'failed', r: { output?: unknown; error?: string; finishedAt?: Date | null }): void {
    const node = this.nodes.get(key)!;
    this.set(key, { status, output: r.output ?? null, error: r.error ?? null, startedAt: node.startedAt ?? this.now, finishedAt: r.finishedAt ?? this.now });
    if (status === 'failed') {
      const d = this.def(key);
      const hasErrorEdge = this.g.ix.out.get(key)!.some((e) => e.label === 'error');
      if (d.error_policy === 'fail' || (d.error_policy === 'error_edge' && !hasErrorEdge)) this.failRun(`node "${key}" failed: ${r.error ?? 'unknown error'}`);
    }
  }

  /** Error policy `fail`: the run fails; every unfinished node is cancelled, running executions are stopped. */
  private failRun(message: string): void {
    if (this.failure) return;
    this.failure = message;
    for (const n of this.nodes.values()) {
      if (!OPEN.includes(n.status)) continue;
      if (n.executionId) this.effects.cancel.push(n.executionId);
      // A script node's finish time is recorded when its execution has really stopped.
      this.set(n.nodeKey, { status: 'cancelled', error: `not finished: ${message}`, finishedAt: n.executionId ? null : this.now });
    }
    this.effects.dispatch = this.effects.dispatch.filter((d) => this.nodes.get(d.key)!.status === 'queued');
    this.effects.delays = this.effects.delays.filter((d) => this.nodes.get(d.key)!.status === 'running');
  }

  private edgeState(e: WorkflowEdge): EdgeState {
    const src = this.nodes.get(e.source)!;
    const d = this.def(e.source);
    switch (src.status) {
      case 'pending':
      case 'queued':
      case 'running':
        return 'unresolved';
      case 'skipped':
      case 'cancelled':
        return 'dead';
      case 'succeeded':
        if (e.label === 'error') return 'dead';
        if (d.type === 'condition') return e.label === String((src.output as { result?: unknown } | null)?.result) ? 'taken' : 'dead';
        return 'taken';
      case 'failed':
        if (d.error_policy === 'continue') return e.label === null ? 'taken' : 'dead';
        if (d.error_policy === 'error_edge') return e.label === 'error' ? 'taken' : 'dead';
        return 'dead';
    }
  }

  /**
   * Moves every pending node whose incoming edges are settled: ready when an edge was taken (a
   * `first` join: as soon as one is), skipped when every incoming edge is dead. Skips propagate,
   * so the branch a condition did not take is skipped up to where another live path joins it.
   */
  propagate(): void {
    for (let changed = true; changed && !this.failure; ) {
      changed = false;
      for (const key of this.g.order) {
        if (this.failure) return;
        const n = this.nodes.get(key);
        if (!n) continue;
        if (n.nodeType === 'start' && n.status === 'queued') {
          this.complete(key, 'succeeded', { output: this.run.input });
          changed = true;
          continue;
        }
        if (n.status !== 'pending') continue;
        const incoming = this.g.ix.in.get(key)!;
        const states = incoming.map((e) => this.edgeState(e));
        const taken = states.filter((s) => s === 'taken').length;
        const unresolved = states.filter((s) => s === 'unresolved').length;
        const d = this.def(key);
        const first = d.type === 'join' && d.config.mode === 'first';
        if ((first && taken > 0) || (unresolved === 0 && taken > 0)) {
          this.activate(key, incoming.filter((_, i) => states[i] === 'taken').map((e) => e.source));
          changed = true;
        } else if (unresolved === 0) {
          this.set(key, { status: 'skipped', finishedAt: this.now });
          changed = true;
        }
      }
    }
  }

  private context(): ExpressionContext {
    const nodes: ExpressionContext['nodes'] = {};
    for (const n of this.nodes.values()) nodes[n.nodeKey] = { output: n.output ?? null, status: n.status };
    return { input: this.run.input as Record<string, unknown>, nodes };
  }

  private activate(key: string, arrivedFrom: string[]): void {
    const d = this.def(key);
    const n = this.nodes.get(key)!;
    switch (d.type) {
      case 'start':
      case 'parallel':
      case 'end':
        this.complete(key, 'succeeded', { output: null });
        return;
      case 'join':
        this.complete(key, 'succeeded', { output: { arrived: arrivedFrom } });
        return;
      case 'condition':
        try {
          this.complete(key, 'succeeded', { output: { result: evaluateCondition(d.config.condition, this.context()) } });
        } catch (err) {
          this.complete(key, 'failed', { error: (err as Error).message });
        }
        return;
      case 'delay':
        this.set(key, { status: 'running', attempt: n.attempt + 1, startedAt: this.now });
        this.effects.delays.push({ key, delayMs: Math.round(d.config.seconds * 1000), attempt: n.attempt + 1 });
        return;
      case 'script': {
        let params: Record<string, unknown>;
        try {
          params = evaluateParameters(d, this.context());
        } catch (err) {
          this.complete(key, 'failed', { error: (err as Error).message });
          return;
        }
        this.set(key, { status: 'queued', attempt: n.attempt + 1, startedAt: this.now });
        this.effects.dispatch.push({ key, node: d, params, attempt: n.attempt + 1 });
        return;
      }
    }
  }

  /**
   * Work a crashed worker accepted but never handed out: script nodes `queued` without an execution
   * and delays still `running`. Handing them out again is safe: the execution's idempotency key and
   * the delay job's id are derived from (run, node, attempt).
   */
  recover(): boolean {
    if (this.failure) return false;
    let completed = false;
    const dispatched = new Set(this.effects.dispatch.map((d) => d.key));
    const delayed = new Set(this.effects.delays.map((d) => d.key));
    for (const n of this.nodes.values()) {
      const d = this.def(n.nodeKey);
      if (d.type === 'script' && n.status === 'queued' && !n.executionId && !dispatched.has(n.nodeKey)) {
        try {
          this.effects.dispatch.push({ key: n.nodeKey, node: d, params: evaluateParameters(d, this.context()), attempt: Math.max(n.attempt, 1) });
        } catch (err) {
          this.complete(n.nodeKey, 'failed', { error: (err as Error).message });
          completed = true;
        }
      } else if (d.type === 'delay' && n.status === 'running' && !delayed.has(n.nodeKey)) {
        const due = (n.startedAt ?? this.now).getTime() + d.config.seconds * 1000;
        this.effects.delays.push({ key: n.nodeKey, delayMs: Math.max(0, due - this.now.getTime()), attempt: Math.max(n.attempt, 1) });
      }
    }
    return completed;
  }

  /**
   * Accepts the started script nodes' runs in this transaction, linked to their nodes: the node,
   * its execution and the audit entry commit together, and a node never waits for a separate
   * dispatcher round. A refusal (script disabled, parameters that do not fit) is left to the
   * dispatcher after commit, which fails the node with the reason.
   */
  async acceptDispatches(tx: DbOrTx): Promise<void> {
    const refused: Effects['dispatch'] = [];
    for (const d of this.effects.dispatch) {
      try {
        const accepted = await acceptExecution({ ...nodeExecutionOptions(this.run.id, d), tx });
        this.set(d.key, { executionId: accepted.row.id });
        this.effects.enqueue.push({ executionId: accepted.row.id, retry: accepted.retry });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        refused.push(d);
      }
    }
    this.effects.dispatch = refused;
  }

  finishIfDone(): void {
    const open = [...this.nodes.values()].some((n) => OPEN.includes(n.status));
    if (open && !this.failure) return;
    const startedAt = (this.runPatch.startedAt as Date | undefined) ?? this.run.startedAt ?? this.run.createdAt;
    this.runPatch = {
      ...this.runPatch,
      status: this.failure ? 'failed' : 'succeeded',
      error: this.failure,
      finishedAt: this.now,
      durationMs: this.now.getTime() - startedAt.getTime(),
    };
    this.final = true;
  }

  /**
   * The statements that write every changed node (one statement, each row conditional on the status
   * it was read with) and the run, sent with the COMMIT. The dispatcher links executions without the
   * run lock, so a link is never overwritten with "none". Under the run lock nobody else moves
   * nodes: a row that does not match is a bug, and the statement fails, rolling the decision back.
   */
  closingStatements(tx: DbOrTx): SQL[] {
    const out: SQL[] = [];
    if (this.dirty.size) {
      const rows = [...this.dirty].map((key) => {
        const n = this.nodes.get(key)!;
        return {
          id: n.id, expected: this.original.get(key), status: n.status, attempt: n.attempt, execution_id: n.executionId,
          output: n.output ?? null, error: n.error, started_at: n.startedAt?.toISOString() ?? null, finished_at: n.finishedAt?.toISOString() ?? null,
        };
      });
      out.push(sql`
        with upd as (
          update workflow_run_nodes n
          set status = v.status, attempt = v.attempt, execution_id = coalesce(v.execution_id, n.execution_id),
              output = nullif(v.output, 'null'::jsonb), error = v.error, started_at = v.started_at, finished_at = v.finished_at
          from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(
            id uuid, expected workflow_run_node_status, status workflow_run_node_status, attempt int, execution_id uuid,
            output jsonb, error text, started_at timestamptz, finished_at timestamptz)
          where n.id = v.id and n.status = v.expected
          returning n.node_key, n.execution_id
        ), checked as (
          select (case when count(*) = ${rows.length} then '0' else 'a workflow run node changed under the run lock' end)::int as ok from upd
        )
        select u.node_key, u.execution_id from checked left join upd u on true`);
    }
    if (Object.keys(this.runPatch).length) out.push(tx.update(workflowRuns).set(this.runPatch).where(eq(workflowRuns.id, this.run.id)).getSQL());
    return out;
  }

  /** After commit: a node cancelled here whose execution got linked meanwhile is stopped too. */
  linkedWhileCancelled(written: Array<Record<string, unknown>>): void {
    for (const r of written as Array<{ node_key: string | null; execution_id: string | null }>) {
      const key = r.node_key;
      if (key === null) continue;
      if (this.nodes.get(key)!.status === 'cancelled' && this.original.get(key) !== 'cancelled' && r.execution_id && !this.effects.cancel.includes(r.execution_id)) {
        this.effects.cancel.push(r.execution_id);
      }
    }
  }

  /** Cancelling nodes, or ending the run: the commit waits for the disk. */
  get mustBeDurable(): boolean {
    return this.final || this.effects.cancel.length > 0 || [...this.dirty].some((k) => this.nodes.get(k)!.status === 'cancelled');
  }
}

async function findExecution(tx: DbOrTx, runId: string, node: NodeRow) {
  const where = node.executionId
    ? eq(executions.id, node.executionId)
    : and(eq(executions.workflowRunId, runId), eq(executions.workflowNodeKey, node.nodeKey));
  const [row] = await tx.select().from(executions).where(where).orderBy(desc(executions.queuedAt)).limit(1);
  return row;
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
