import { and, desc, eq, type SQL } from 'drizzle-orm';
import { db } from '@/db/client';
import { workflowRuns, workflows } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { AppError } from '@/server/errors/app-error';
import type { Page } from '@/server/scripts/list-scripts';
import { sql } from 'drizzle-orm';
import { toRunDto } from './workflow-dto';
import { listRunsInput, type ListRunsInput, type WorkflowRunDto } from './workflows.schema';

/** Runs, newest first, of one workflow or of all. */
export async function listWorkflowRuns(opts: { actor: Actor; input: ListRunsInput }): Promise<Page<WorkflowRunDto>> {
  assertCan(opts.actor, 'workflow.read');
  const parsed = listRunsInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const q = parsed.data;
  const where: SQL[] = [];
  if (q.workflow_id) where.push(eq(workflowRuns.workflowId, q.workflow_id));
  if (q.status) where.push(eq(workflowRuns.status, q.status));
  const condition = where.length ? and(...where) : undefined;
  const [rows, [count]] = await Promise.all([
    db()
      .select({ run: workflowRuns, name: workflows.name })
      .from(workflowRuns)
      .innerJoin(workflows, eq(workflows.id, workflowRuns.workflowId))
      .where(condition)
      .orderBy(desc(workflowRuns.createdAt), desc(workflowRuns.id))
      .limit(q.page_size)
      .offset((q.page - 1) * q.page_size),
    db()
      .select({ n: sql<number>`count(*)::int` })
      .from(workflowRuns)
      .where(condition),
  ]);
  const total = count?.n ?? 0;
  return {
    items: rows.map((r) => toRunDto(r.run, r.name)),
    total,
    page: q.page,
    page_size: q.page_size,
    pages: Math.max(1, Math.ceil(total / q.page_size)),
  };
}
