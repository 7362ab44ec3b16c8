import { and, desc, eq, isNull } from 'drizzle-orm';
import { db, type DbOrTx } from '@/db/client';
import { workflowRuns, workflowVersions, workflows } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { AppError } from '@/server/errors/app-error';
import { parseStoredGraph, toWorkflowDto, type LastRun } from './workflow-dto';
import type { WorkflowDto, WorkflowGraph } from './workflows.schema';

export async function getWorkflowRow(id: string, tx: DbOrTx = db(), opts: { forUpdate?: boolean } = {}) {
  const q = tx
    .select()
    .from(workflows)
    .where(and(eq(workflows.id, id), isNull(workflows.deletedAt)))
    .limit(1);
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  if (!row) throw AppError.notFound('workflow', id);
  return row;
}

export async function getVersionRow(workflowId: string, version: number, tx: DbOrTx = db()) {
  const [row] = await tx
    .select()
    .from(workflowVersions)
    .where(and(eq(workflowVersions.workflowId, workflowId), eq(workflowVersions.version, version)))
    .limit(1);
  if (!row) throw AppError.notFound('workflow version', `${workflowId}@${version}`);
  return row;
}

export async function getCurrentGraph(workflowId: string, version: number, tx: DbOrTx = db()): Promise<WorkflowGraph> {
  return parseStoredGraph((await getVersionRow(workflowId, version, tx)).graph);
}

export async function lastRunOf(workflowId: string, tx: DbOrTx = db()): Promise<LastRun> {
  const [r] = await tx
    .select({ id: workflowRuns.id, status: workflowRuns.status, createdAt: workflowRuns.createdAt })
    .from(workflowRuns)
    .where(eq(workflowRuns.workflowId, workflowId))
    .orderBy(desc(workflowRuns.createdAt))
    .limit(1);
  return r ? { id: r.id, status: r.status, created_at: r.createdAt.toISOString() } : null;
}

export async function getWorkflow(opts: { actor: Actor; id: string; tx?: DbOrTx }): Promise<WorkflowDto> {
  assertCan(opts.actor, 'workflow.read');
  const row = await getWorkflowRow(opts.id, opts.tx);
  const [graph, last] = await Promise.all([
    getCurrentGraph(row.id, row.currentVersion, opts.tx),
    lastRunOf(row.id, opts.tx),
  ]);
  return toWorkflowDto(row, graph, last);
}
