import { Worker, type Job } from 'bullmq';
import { and, eq, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { db } from '@/db/client';
import { executePrepared } from '@/db/prepared';
import { rowOf } from '@/db/row-of';
import { executions, workflowRunNodes, workflowRuns } from '@/db/schema';
import { env } from '@/server/env';
import { AppError } from '@/server/errors/app-error';
import { enqueueAcceptedRuns, executeScript } from '@/server/executions/execute-script';
import { logger } from '@/server/log/logger';
import { createRedis, redis } from '@/server/queue/connection';
import { QUEUE, workflowJobSchema } from '@/server/queue/queues';
import { closeWorkflowQueue, enqueueWorkflowJob } from '@/server/queue/workflow-queue';
import { cancelNodeExecutions } from '@/server/workflows/cancel-run';
import { onExecutionFinal } from '@/server/workflows/on-execution-final';
import { startJobId } from '@/server/workflows/start-workflow-run';
import { decideAdvance, finishAndDecide, type AdvanceEvent, type Effects } from './advance-run';
import { nodeExecutionOptions } from './node-execution';
import type { ScriptDispatch } from '@/server/workflows/engine/types';

/** Decides, commits, then carries out the effects (start executions, schedule delays, cancel). */
export async function advanceRun(runId: string, event: AdvanceEvent): Promise<void> {
  const effects = await decideAdvance(runId, event);
  if (effects) await applyEffects(runId, effects);
}

async function applyEffects(runId: string, effects: Effects): Promise<void> {
  await Promise.all([
    // Every branch a decision started, in one queue round trip.
    enqueueAcceptedRuns(effects.enqueue),
    ...effects.dispatch.map((d) => dispatchScriptNode(runId, d)),
    ...effects.delays.map((d) =>
      enqueueWorkflowJob(
        { kind: 'delay-done', runId, nodeKey: d.key },
        { jobId: `dd-${runId}-${d.key}-${d.attempt}`, delayMs: d.delayMs },
      ),
    ),
    effects.cancel.length ? cancelNodeExecutions(effects.cancel, `workflow run ${runId} failed`) : undefined,
  ]);
}

/**
 * Starts a script node whose run the decision could not accept itself. A refusal (script no longer
 * active, parameters that do not fit its schema) fails the node; an infrastructure error is thrown
 * so the job is retried.
 */
async function dispatchScriptNode(runId: string, d: ScriptDispatch): Promise<void> {
  const { key } = d;
  let executionId: string;
  try {
    const e = await executeScript(nodeExecutionOptions(runId, d));
    executionId = e.id;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    await advanceRun(runId, {
      kind: 'dispatch-failed',
      nodeKey: key,
      error: `could not start the script: ${err.message}`,
    });
    return;
  }
  // One conditional statement: it takes the node row's lock, so a concurrent decision that cancels
  // this node either commits first (then this sees `cancelled`) or waits for this link and cancels
  // the execution itself (advance-run.ts persist).
  const [linked] = await db()
    .update(workflowRunNodes)
    .set({ executionId })
    .where(
      and(eq(workflowRunNodes.runId, runId), eq(workflowRunNodes.nodeKey, key), isNull(workflowRunNodes.executionId)),
    )
    .returning({ status: workflowRunNodes.status });
  // The run was cancelled or failed while this node was being handed out: stop what was just started.
  if (linked && linked.status === 'cancelled') await cancelNodeExecutions([executionId], `workflow run ${runId} ended`);
}

type ExecutionRow = typeof executions.$inferSelect;

/**
 * In the worker that ended a node's execution: advance the run at once, in this process, instead of
 * a round trip through the workflows queue. Any failure falls back to that queue (the decision is
 * idempotent, and the sweep is the net under both).
 */
export async function advanceAfterExecution(row: ExecutionRow): Promise<void> {
  if (!row.workflowRunId || !row.workflowNodeKey) return;
  try {
    await advanceRun(row.workflowRunId, { kind: 'node-finished', nodeKey: row.workflowNodeKey, execution: row });
  } catch (err) {
    logger().warn(
      { err, executionId: row.id, runId: row.workflowRunId },
      'workflow advance failed here; handed to the workflows queue',
    );
    await onExecutionFinal(row);
  }
}

/**
 * Writes an execution's end with `finishing` (a statement returning the final row, or none when the
 * execution was no longer running). A workflow node's execution ends in the same transaction as its
 * run's next decision: one commit and one round trip fewer per node. Should that transaction fail,
 * the end is written on its own and the run advanced as any other. `next` settles once the
 * decision's effects (the next nodes enqueued...) are carried out.
 */
export async function endExecution(
  row: ExecutionRow,
  finishing: SQL,
): Promise<{ final?: ExecutionRow; next: Promise<void> }> {
  if (row.workflowRunId && row.workflowNodeKey) {
    const runId = row.workflowRunId;
    try {
      const { effects, finished } = await finishAndDecide(runId, row.workflowNodeKey, finishing);
      const next = effects ? applyEffects(runId, effects) : Promise.resolve();
      return {
        final: finished,
        next: next.catch(async (err: unknown) => {
          logger().warn(
            { err, executionId: row.id, runId },
            'workflow effects failed here; the run is handed to the workflows queue',
          );
          if (finished) await onExecutionFinal(finished);
        }),
      };
    } catch (err) {
      logger().warn(
        { err, executionId: row.id, runId },
        'ending a workflow node with its decision failed; ending it on its own',
      );
    }
  }
  const { rows } = await executePrepared(db(), finishing);
  const final = rows[0] ? rowOf(executions, rows[0]) : undefined;
  return { final, next: final ? advanceAfterExecution(final) : Promise.resolve() };
}

async function processWorkflowJob(job: Job): Promise<{ kind: string }> {
  const payload = workflowJobSchema.parse(job.data);
  if (payload.kind === 'advance' || !payload.nodeKey) await advanceRun(payload.runId, { kind: 'advance' });
  else await advanceRun(payload.runId, { kind: payload.kind, nodeKey: payload.nodeKey });
  return { kind: payload.kind };
}

const SWEEP_LOCK = 'vss:workflow-sweep-lock';
const SWEEP_GRACE_SECONDS = 30;

/**
 * Safety net, like the executions reconciler: the engine is driven by events, but an event can be
 * lost when Redis is (a notification that could not be enqueued, a queue flushed). Runs that look
 * stuck for a while get one `advance`, which resynchronises them from PostgreSQL.
 */
/** Returns the ids of the runs it re-drove (none when another worker holds the sweep lock). */
export async function sweepWorkflowRuns(workerId: string): Promise<string[]> {
  const got = await redis().set(`${env().QUEUE_PREFIX}:${SWEEP_LOCK}`, workerId, 'EX', 20, 'NX');
  if (!got) return [];
  const stale = sql`now() - make_interval(secs => ${SWEEP_GRACE_SECONDS})`;
  const stuck = await db()
    .selectDistinct({ id: workflowRuns.id })
    .from(workflowRuns)
    .leftJoin(
      workflowRunNodes,
      and(eq(workflowRunNodes.runId, workflowRuns.id), inArray(workflowRunNodes.status, ['queued', 'running'])),
    )
    .leftJoin(executions, eq(executions.id, workflowRunNodes.executionId))
    .where(
      or(
        and(eq(workflowRuns.status, 'queued'), lt(workflowRuns.createdAt, stale)),
        and(
          eq(workflowRuns.status, 'running'),
          or(
            and(
              isNull(workflowRunNodes.executionId),
              eq(workflowRunNodes.nodeType, 'script'),
              lt(workflowRunNodes.startedAt, stale),
            ),
            and(
              inArray(executions.status, ['succeeded', 'failed', 'timed_out', 'cancelled']),
              lt(executions.finishedAt, stale),
            ),
          ),
        ),
      ),
    )
    .limit(200);
  const bucket = Math.floor(Date.now() / 60_000);
  for (const r of stuck)
    await enqueueWorkflowJob({ kind: 'advance', runId: r.id, nodeKey: null }, { jobId: `adv-${r.id}-sweep-${bucket}` });
  if (stuck.length) logger().warn({ runs: stuck.length }, 'workflow sweep resumed runs that looked stuck');
  return stuck.map((r) => r.id);
}

export interface WorkflowConsumer {
  close(): Promise<void>;
}

/** The BullMQ consumer of the workflows queue (advancement decisions are short database work). */
export function startWorkflowConsumer(opts: { workerId: string; concurrency?: number }): WorkflowConsumer {
  const log = logger();
  const worker = new Worker(QUEUE.workflows, processWorkflowJob, {
    connection: createRedis(),
    prefix: env().QUEUE_PREFIX,
    concurrency: opts.concurrency ?? 16,
    lockDuration: env().WORKER_LOCK_MS,
    stalledInterval: env().WORKER_STALLED_INTERVAL_MS,
    maxStalledCount: 5,
  });
  worker.on('error', (err) => log.error({ err }, 'workflows queue error'));
  worker.on('failed', (job, err) =>
    log.warn({ jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, 'workflow advancement failed'),
  );
  const sweep = () => sweepWorkflowRuns(opts.workerId).catch((err) => log.warn({ err }, 'workflow sweep failed'));
  const timer = setInterval(sweep, 60_000);
  return {
    async close() {
      clearInterval(timer);
      await worker.close();
      await closeWorkflowQueue();
    },
  };
}

export { startJobId };
