import { and, asc, desc, eq, ilike, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import { containsPattern } from '@/db/like-pattern';
import { db } from '@/db/client';
import { workflowNodes, workflowVersions, workflows } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { AppError } from '@/server/errors/app-error';
import type { Page } from '@/server/scripts/list-scripts';
import { toWorkflowSummaryDto, type LastRun } from './workflow-dto';
import { listWorkflowsInput, type ListWorkflowsInput, type WorkflowSummaryDto } from './workflows.schema';

export async function listWorkflows(opts: {
  actor: Actor;
  input: ListWorkflowsInput;
}): Promise<Page<WorkflowSummaryDto>> {
  assertCan(opts.actor, 'workflow.read');
  const parsed = listWorkflowsInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const q = parsed.data;
  const where: SQL[] = [isNull(workflows.deletedAt)];
  if (q.status) where.push(eq(workflows.status, q.status));
  else if (!q.include_archived) where.push(ne(workflows.status, 'archived'));
  if (q.search) {
    const term = containsPattern(q.search);
    where.push(or(ilike(workflows.name, term), ilike(workflows.description, term))!);
  }
  // Names sort as people read them: "alpha" next to "Alpha", not after every capital (byte order).
  const column = {
    name: sql`lower(${workflows.name})`,
    updated_at: workflows.updatedAt,
    created_at: workflows.createdAt,
  }[q.sort];
  const condition = and(...where);
  const [rows, [count]] = await Promise.all([
    db()
      .select({
        workflow: workflows,
        // Outer columns spelled out: drizzle renders ${workflows.id} unqualified in a select list.
        nodeCount: sql<number>`(
          select count(*)::int from ${workflowNodes} n join ${workflowVersions} v on v.id = n.workflow_version_id
          where v.workflow_id = "workflows"."id" and v.version = "workflows"."current_version")`,
        last: sql<LastRun>`(
          select json_build_object('id', r.id, 'status', r.status, 'created_at', to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
          from workflow_runs r where r.workflow_id = "workflows"."id" order by r.created_at desc limit 1)`,
      })
      .from(workflows)
      .where(condition)
      .orderBy(q.order === 'asc' ? asc(column) : desc(column), asc(workflows.id))
      .limit(q.page_size)
      .offset((q.page - 1) * q.page_size),
    db()
      .select({ n: sql<number>`count(*)::int` })
      .from(workflows)
      .where(condition),
  ]);
  const total = count?.n ?? 0;
  return {
    items: rows.map((r) => toWorkflowSummaryDto(r.workflow, r.nodeCount, r.last)),
    total,
    page: q.page,
    page_size: q.page_size,
    pages: Math.max(1, Math.ceil(total / q.page_size)),
  };
}
