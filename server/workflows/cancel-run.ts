import { and, eq, inArray, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { workflowRunNodes, workflowRuns } from '@/db/schema';
import { actorLabel, systemActor, type Actor, type RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { AppError } from '@/server/errors/app-error';
import { cancelExecution } from '@/server/executions/cancel-execution';
import { logger } from '@/server/log/logger';
import { getRunRow } from './get-run';
import { finalRunStatuses, type WorkflowRunStatus } from './workflows.schema';
import { coded } from '@/server/messages/messages.shared';

export const isFinalRunStatus = (s: string) => (finalRunStatuses as readonly string[]).includes(s);

/**
 * Cancels a run: under the run's row lock, every unfinished node becomes `cancelled` and the run
 * ends `cancelled`; then the executions of queued/running script nodes are cancelled the way
 * cancel-execution does it (removed from the queue, or killed by the worker that runs them).
 */
export async function cancelWorkflowRun(opts: {
  actor: Actor;
  id: string;
  meta?: RequestMeta;
}): Promise<{ id: string; status: WorkflowRunStatus }> {
  assertCan(opts.actor, 'workflow.run');
  const executionIds = await db().transaction(async (tx) => {
    const run = await getRunRow(opts.id, tx, { forUpdate: true });
    if (isFinalRunStatus(run.status)) throw new AppError('CONFLICT', `workflow run is already ${run.status}`);
    const open = await tx
      .update(workflowRunNodes)
      // A node with an execution gets its finish time when that execution has really stopped.
      .set({
        status: 'cancelled',
        finishedAt: sql`case when ${workflowRunNodes.executionId} is null then now() end`,
        error: `cancelled by ${actorLabel(opts.actor)}`,
      })
      .where(
        and(eq(workflowRunNodes.runId, run.id), inArray(workflowRunNodes.status, ['pending', 'queued', 'running'])),
      )
      .returning({ executionId: workflowRunNodes.executionId });
    await tx
      .update(workflowRuns)
      .set({
        status: 'cancelled',
        error: `cancelled by ${actorLabel(opts.actor)}`,
        finishedAt: sql`now()`,
        durationMs: sql`(extract(epoch from now() - coalesce(${workflowRuns.startedAt}, ${workflowRuns.createdAt})) * 1000)::int`,
      })
      .where(eq(workflowRuns.id, run.id));
    await writeAudit(
      {
        actor: opts.actor,
        action: 'workflow.cancel',
        entityType: 'workflow_run',
        entityId: run.id,
        summary: coded('audit.workflow_cancelled', { count: open.length }),
        meta: opts.meta,
      },
      tx,
    );
    return open.map((n) => n.executionId).filter((id): id is string => !!id);
  });
  await cancelNodeExecutions(executionIds, `workflow run ${opts.id} cancelled`);
  return { id: opts.id, status: 'cancelled' };
}

/** Cancels executions that belong to ended nodes; one that already ended is left as it is. */
export async function cancelNodeExecutions(ids: string[], reason: string): Promise<void> {
  const actor = systemActor(reason);
  await Promise.all(
    ids.map((id) =>
      cancelExecution({ actor, id }).catch((err: unknown) => {
        if (err instanceof AppError && err.code === 'CONFLICT') return; // already final
        logger().warn({ err, executionId: id }, 'could not cancel a workflow node execution');
      }),
    ),
  );
}
