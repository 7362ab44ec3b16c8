import { desc, eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { users, workflowVersions } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { getVersionRow, getWorkflowRow } from './get-workflow';
import { parseStoredGraph } from './workflow-dto';
import type { WorkflowVersionDetailDto, WorkflowVersionDto } from './workflows.schema';

export async function listWorkflowVersions(opts: { actor: Actor; id: string }): Promise<WorkflowVersionDto[]> {
  assertCan(opts.actor, 'workflow.read');
  await getWorkflowRow(opts.id);
  const rows = await db()
    .select({
      version: workflowVersions.version,
      message: workflowVersions.message,
      createdAt: workflowVersions.createdAt,
      author: users.email,
      nodeCount: sql<number>`coalesce(jsonb_array_length(${workflowVersions.graph}->'nodes'), 0)::int`,
    })
    .from(workflowVersions)
    .leftJoin(users, eq(users.id, workflowVersions.authorId))
    .where(eq(workflowVersions.workflowId, opts.id))
    .orderBy(desc(workflowVersions.version));
  return rows.map((r) => ({
    version: r.version,
    message: r.message,
    author: r.author,
    created_at: r.createdAt.toISOString(),
    node_count: r.nodeCount,
  }));
}

export async function getWorkflowVersion(opts: {
  actor: Actor;
  id: string;
  version: number;
}): Promise<WorkflowVersionDetailDto> {
  assertCan(opts.actor, 'workflow.read');
  await getWorkflowRow(opts.id);
  const row = await getVersionRow(opts.id, opts.version);
  const [author] = row.authorId
    ? await db().select({ email: users.email }).from(users).where(eq(users.id, row.authorId)).limit(1)
    : [];
  const graph = parseStoredGraph(row.graph);
  return {
    version: row.version,
    message: row.message,
    author: author?.email ?? null,
    created_at: row.createdAt.toISOString(),
    node_count: graph.nodes.length,
    graph,
  };
}
