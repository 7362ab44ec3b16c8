import { asc, eq } from 'drizzle-orm';
import { db, type DbOrTx } from '@/db/client';
import { executions, workflowRunNodes, workflowRuns, workflowVersions, workflows } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { AppError } from '@/server/errors/app-error';
import { parseStoredGraph, toRunDto, toRunNodeDto } from './workflow-dto';
import type { RunNodeDto, WorkflowRunDetailDto, WorkflowRunDto } from './workflows.schema';
import { cleanParams, isMessageCode, type MessageParams } from '@/server/messages/messages.shared';

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
      .select({
        node: workflowRunNodes,
        execStatus: executions.status,
        execStarted: executions.startedAt,
        execAttempt: executions.attempt,
        execError: executions.error,
        execErrorCode: executions.errorCode,
        execErrorParams: executions.errorParams,
      })
      .from(workflowRunNodes)
      .leftJoin(executions, eq(executions.id, workflowRunNodes.executionId))
      .where(eq(workflowRunNodes.runId, run.id))
      .orderBy(asc(workflowRunNodes.startedAt), asc(workflowRunNodes.nodeKey)),
  ]);
  const nodeDtos = nodes.map(
    ({ node, execStatus, execStarted, execAttempt, execError, execErrorCode, execErrorParams }) => {
      const dto = {
        ...toRunNodeDto(node),
        ...executionEnding(node.error, execStatus, execError, execErrorCode, execErrorParams),
      };
      if (node.status === 'queued' && execStatus === 'running') {
        const startedAt = execStarted?.toISOString() ?? dto.started_at;
        return { ...dto, status: 'running' as const, attempt: execAttempt ?? dto.attempt, started_at: startedAt };
      }
      return dto;
    },
  );
  return {
    ...toRunDto(run, meta?.name ?? null),
    ...runFailure(run.error, nodeDtos),
    graph: parseStoredGraph(meta?.graph),
    nodes: nodeDtos,
  };
}

/** The run's error is `node "<key>" failed: <the node's error>` (advance-run.ts): coded when the node's is. */
function runFailure(error: string | null, nodes: RunNodeDto[]): Pick<WorkflowRunDto, 'error_code' | 'error_params'> {
  const node = nodes.find((n) => n.error_code && error === `node "${n.node_key}" failed: ${n.error}`);
  if (!node) return { error_code: null, error_params: null };
  return {
    error_code: 'workflow.run_node_failed',
    error_params: { ...node.error_params, node: node.node_key, cause_code: node.error_code! },
  };
}

/**
 * A script node that failed with its execution records `execution <status>: <the execution's error>`
 * (worker/workflows/advance-run.ts); that text is answered as a code nesting the execution's own, so
 * the run view says it in the reader's language. Other node errors keep only their English text.
 */
function executionEnding(
  error: string | null,
  status: string | null,
  execError: string | null,
  code: string | null,
  params: unknown,
): { error_code: string | null; error_params: MessageParams | null } {
  if (!error || !status || !isMessageCode(`status.execution.${status}`))
    return { error_code: null, error_params: null };
  const statusCode = { status_code: `status.execution.${status}` };
  if (error === `execution ${status}`) return { error_code: 'workflow.node_execution_ended', error_params: statusCode };
  if (!code || !isMessageCode(code) || error !== `execution ${status}: ${execError}`)
    return { error_code: null, error_params: null };
  return {
    error_code: 'workflow.node_execution_failed',
    error_params: { ...cleanParams(params), ...statusCode, reason_code: code },
  };
}
