import { asc, eq } from 'drizzle-orm';
import { db, type DbOrTx } from '@/db/client';
import { executions, workflowRunNodes, workflowRuns, workflowVersions, workflows } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { AppError } from '@/server/errors/app-error';
import { parseStoredGraph, toRunDto, toRunNodeDto } from './workflow-dto';
import type { WorkflowRunDetailDto } from './workflows.schema';

export async function getRunRow(id: string, tx: DbOrTx = db(), opts: { forUpdate?: boolean } = {}) {
  const q = tx.select().from(workflowRuns).where(eq(workflowRuns.id, id)).limit(1);
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  if (!row) throw AppError.notFound('workflow run', id);
  return row;
}

/**
 * A run with every node's state. A script node is `queued` in its own row until its execution ends;
 * here it shows `running` (with the execution's start time) while that execution runs.
 */
export async function getWorkflowRun(opts: { actor: Actor; id: string }): Promise<WorkflowRunDetailDto> {
  assertCan(opts.actor, 'workflow.read');
  const run = await getRunRow(opts.id);
  const [[meta], nodes] = await Promise.all([
    db()
      .select({ name: workflows.name, graph: workflowVersions.graph })
      .from(workflowVersions)
      .innerJoin(workflows, eq(workflows.id, workflowVersions.workflowId))
      .where(eq(workflowVersions.id, run.workflowVersionId))
      .limit(1),
    db()
      .select({ node: workflowRunNodes, execStatus: executions.status, execStarted: executions.startedAt, execAttempt: executions.attempt })
      .from(workflowRunNodes)
      .leftJoin(executions, eq(executions.id, workflowRunNodes.executionId))
      .where(eq(workflowRunNodes.runId, run.id))
      .orderBy(asc(workflowRunNodes.startedAt), asc(workflowRunNodes.nodeKey)),
  ]);
  return {
    ...toRunDto(run, meta?.name ?? null),
    graph: parseStoredGraph(meta?.graph),
    nodes: nodes.map(({ node, execStatus, execStarted, execAttempt }) => {
      const dto = toRunNodeDto(node);
      if (node.status === 'queued' && execStatus === 'running') return { ...dto, status: 'running' as const, attempt: execAttempt ?? dto.attempt, started_at: execStarted?.toISOString() ?? dto.started_at };
      return dto;
    }),
  };
}
