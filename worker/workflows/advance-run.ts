import { eq, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { executePrepared } from '@/db/prepared';
import { rowOf } from '@/db/row-of';
import { transactionOpenedBy } from '@/db/transaction-opened-by';
import { executions, workflowRunNodes, workflowRuns } from '@/db/schema';
import { AppError } from '@/server/errors/app-error';
import { acceptExecution } from '@/server/executions/execute-script';
import type { RetryPolicy } from '@/server/queue/execution-queue';
import { emitRunEnded } from '@/server/alerts/emit-run-ended';
import { decide, executionsToRead } from '@/server/workflows/engine/decide';
import type { Decision, DelayStart, EngineEvent, ScriptDispatch } from '@/server/workflows/engine/types';
import { nodeExecutionOptions } from './node-execution';
import { loadRunGraph } from './run-graph';

type ExecutionRow = typeof executions.$inferSelect;
type NodeRow = typeof workflowRunNodes.$inferSelect;

export type AdvanceEvent =
  | Exclude<EngineEvent, { kind: 'node-finished' }>
  /** `execution`: the final row, when the caller has it (saves reading it again). */
  | { kind: 'node-finished'; nodeKey: string; execution?: ExecutionRow };

/** What the decision asks for once it has committed: work that leaves the database. */
export interface Effects {
  /** Script nodes whose runs could not be accepted in the decision: the dispatcher tries after commit. */
  dispatch: ScriptDispatch[];
  /** Runs accepted in the decision's transaction, to enqueue once it has committed (one queue round trip). */
  enqueue: Array<{ executionId: string; retry: RetryPolicy }>;
  delays: DelayStart[];
  cancel: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One advancement of a run, in one transaction under the run's row lock (`select ... for update`),
 * so concurrent events for the same run are serialised and every decision sees the committed
 * state of the previous one. Node writes are conditional on the status read, so a decision can
 * never move a node twice. Returns the effects to carry out after commit.
 */
export async function decideAdvance(runId: string, event: AdvanceEvent): Promise<Effects | null> {
  if (!UUID.test(runId)) return null; // never a run
  return (await advance(runId, event)).effects;
}

/**
 * A node's execution ends and the run advances in one transaction: `finishing` (the statement that
 * writes the execution's final state, returning its row) runs first, in the opening round trip, and
 * the decision sees the row it returned. Answers that row (none when the execution was no longer
 * running) and the decision's effects.
 */
export async function finishAndDecide(runId: string, nodeKey: string, finishing: SQL) {
  return advance(runId, { kind: 'node-finished', nodeKey }, finishing);
}

/**
 * Load (one round trip) → decide (server/workflows/engine, pure) → accept the started script nodes'
 * runs in the same transaction → write the nodes and the run with the COMMIT (one round trip).
 */
async function advance(runId: string, event: AdvanceEvent, finishing?: SQL) {
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
  const { value, closed } = await transactionOpenedBy(opening, async (t) => {
    const { tx } = t;
    const finishedRow = finishing ? t.results[0]![0] : undefined;
    const finished = finishedRow ? rowOf(executions, finishedRow) : undefined;
    const [runRows, nodeRows] = t.results.slice(-2);
    if (!runRows![0]) return { finished, written: null };
    const run = rowOf(workflowRuns, runRows![0]);
    const rows = nodeRows!.map((r) => rowOf(workflowRunNodes, r));
    const graph = await loadRunGraph(tx, run.workflowVersionId);
    const engineEvent: EngineEvent =
      event.kind === 'node-finished' ? { kind: event.kind, nodeKey: event.nodeKey } : event;
    const known = [finished ?? (event.kind === 'node-finished' ? event.execution : undefined)].filter(
      (e): e is ExecutionRow => !!e,
    );
    const toRead = executionsToRead(run, rows, engineEvent, known);
    const read = toRead.length ? await readExecutions(tx, run.id, toRead) : [];
    const now = new Date();
    const decision = decide({ run, nodes: rows, graph, event: engineEvent, executions: [...read, ...known], now });
    const accepted = await acceptDispatches(tx, run.id, decision);
    const closing = closingStatements(tx, run.id, rows, decision, accepted.links);
    t.closing = closing.statements;
    if (decision.durable && !finishing) t.closing.push(sql`set local synchronous_commit = on`);
    const effects: Effects = {
      dispatch: accepted.refused,
      enqueue: accepted.enqueue,
      delays: decision.delays,
      cancel: [...decision.cancel],
    };
    return { finished, written: { decision, effects, writesNodes: closing.writesNodes } };
  });
  const { finished, written } = value;
  if (!written) return { effects: null, finished };
  const { decision, effects, writesNodes } = written;
  if (writesNodes) linkedWhileCancelled(decision, closed[0] ?? [], effects.cancel);
  // Committed: the run's end may be worth an alert (fire-and-forget, server/alerts).
  const ended = decision.run?.status;
  if (ended === 'succeeded' || ended === 'failed')
    void emitRunEnded({ subject: 'workflow_run', id: runId, status: ended });
  return { effects, finished };
}

/** The executions of these nodes of the run, the latest of each node first. */
async function readExecutions(tx: DbOrTx, runId: string, nodeKeys: string[]): Promise<ExecutionRow[]> {
  const { rows } = await executePrepared(
    tx,
    sql`
    select * from executions
    where workflow_run_id = ${runId} and workflow_node_key = any(${sql.param(nodeKeys)}::text[])
    order by queued_at desc`,
  );
  return rows.map((r) => rowOf(executions, r));
}

/**
 * Accepts the started script nodes' runs in this transaction, linked to their nodes: the node,
 * its execution and the audit entry commit together, and a node never waits for a separate
 * dispatcher round. A refusal (script disabled, parameters that do not fit) is left to the
 * dispatcher after commit, which fails the node with the reason. The connection is pipelined, so
 * a fan-out's inserts are accepted together: one round trip, not one per branch.
 */
async function acceptDispatches(tx: DbOrTx, runId: string, decision: Decision) {
  const refused: ScriptDispatch[] = [];
  const enqueue: Effects['enqueue'] = [];
  const links = new Map<string, string>();
  const settled = await Promise.allSettled(
    // async: a refusal thrown before the first await is a rejection like the others.
    decision.dispatch.map(async (d) => acceptExecution({ ...nodeExecutionOptions(runId, d), tx })),
  );
  const broken = settled.find((r) => r.status === 'rejected' && !(r.reason instanceof AppError));
  if (broken) throw (broken as PromiseRejectedResult).reason;
  settled.forEach((r, i) => {
    const d = decision.dispatch[i]!;
    if (r.status === 'rejected') refused.push(d);
    else {
      links.set(d.key, r.value.row.id);
      enqueue.push({ executionId: r.value.row.id, retry: r.value.retry });
    }
  });
  return { refused, enqueue, links };
}

/**
 * The statements that write every changed node (one statement, each row conditional on the status
 * it was read with) and the run, sent with the COMMIT. The dispatcher links executions without the
 * run lock, so a link is never overwritten with "none". Under the run lock nobody else moves
 * nodes: a row that does not match is a bug, and the statement fails, rolling the decision back.
 */
function closingStatements(
  tx: DbOrTx,
  runId: string,
  loaded: NodeRow[],
  decision: Decision,
  links: Map<string, string>,
): { statements: SQL[]; writesNodes: boolean } {
  const byKey = new Map(loaded.map((n) => [n.nodeKey, n]));
  const changes = new Map(decision.nodes.map((c) => [c.node.nodeKey, c]));
  // A recovered dispatch links its execution to a node the decision did not otherwise change.
  for (const [key, executionId] of links) {
    const c = changes.get(key) ?? { expected: byKey.get(key)!.status, node: { ...byKey.get(key)! } };
    changes.set(key, { expected: c.expected, node: { ...c.node, executionId } });
  }
  const out: SQL[] = [];
  if (changes.size) {
    const rows = [...changes.values()].map(({ expected, node: n }) => ({
      id: byKey.get(n.nodeKey)!.id,
      expected,
      status: n.status,
      attempt: n.attempt,
      execution_id: n.executionId,
      output: n.output ?? null,
      error: n.error,
      started_at: n.startedAt?.toISOString() ?? null,
      finished_at: n.finishedAt?.toISOString() ?? null,
    }));
    out.push(sql`
      with upd as (
        update workflow_run_nodes n
        set status = v.status, attempt = v.attempt, execution_id = coalesce(v.execution_id, n.execution_id),
            output = nullif(v.output, 'null'::jsonb), error = v.error,
            started_at = v.started_at, finished_at = v.finished_at
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(
          id uuid, expected workflow_run_node_status, status workflow_run_node_status, attempt int, execution_id uuid,
          output jsonb, error text, started_at timestamptz, finished_at timestamptz)
        where n.id = v.id and n.status = v.expected
        returning n.node_key, n.execution_id
      ), checked as (
        select (case when count(*) = ${rows.length}::int then '0'
          else 'a workflow run node changed under the run lock' end)::int as ok
        from upd
      )
      select u.node_key, u.execution_id from checked left join upd u on true`);
  }
  if (decision.run) out.push(tx.update(workflowRuns).set(decision.run).where(eq(workflowRuns.id, runId)).getSQL());
  return { statements: out, writesNodes: changes.size > 0 };
}

/** After commit: a node cancelled here whose execution got linked meanwhile is stopped too. */
function linkedWhileCancelled(decision: Decision, written: Array<Record<string, unknown>>, cancel: string[]): void {
  const cancelledHere = new Set(
    decision.nodes
      .filter((c) => c.node.status === 'cancelled' && c.expected !== 'cancelled')
      .map((c) => c.node.nodeKey),
  );
  for (const r of written as Array<{ node_key: string | null; execution_id: string | null }>) {
    if (r.node_key === null || !cancelledHere.has(r.node_key) || !r.execution_id) continue;
    if (!cancel.includes(r.execution_id)) cancel.push(r.execution_id);
  }
}
