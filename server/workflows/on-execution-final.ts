import { logger } from '@/server/log/logger';
import { enqueueWorkflowJob } from '@/server/queue/workflow-queue';

/**
 * Called wherever an execution reaches its final state outside the worker's normal finish (which
 * advances the run itself and falls back to this): lost-worker paths, the reconciler, cancel while
 * queued. When the execution ran a workflow node, the run's scheduler is told so it can advance.
 * Never throws: an execution's own end must not depend on the workflow queue.
 */
export async function onExecutionFinal(row: {
  id: string;
  workflowRunId: string | null;
  workflowNodeKey: string | null;
}): Promise<void> {
  if (!row.workflowRunId || !row.workflowNodeKey) return;
  try {
    await enqueueWorkflowJob(
      { kind: 'node-finished', runId: row.workflowRunId, nodeKey: row.workflowNodeKey },
      { jobId: `nf-${row.workflowRunId}-${row.workflowNodeKey}-${row.id}` },
    );
  } catch (err) {
    logger().error(
      { err, executionId: row.id, runId: row.workflowRunId },
      'could not notify the workflow engine; the run sweep will pick it up',
    );
  }
}
