import type { DbOrTx } from '@/db/client';
import { workflowEdges, workflowNodes, workflowVersions } from '@/db/schema';
import type { WorkflowGraph } from './workflows.schema';

/** Writes one immutable version: the graph snapshot and its normalized node and edge rows. */
export async function saveVersion(
  tx: DbOrTx,
  v: { workflowId: string; version: number; graph: WorkflowGraph; message: string; authorId: string | null },
): Promise<string> {
  const [row] = await tx
    .insert(workflowVersions)
    .values({ workflowId: v.workflowId, version: v.version, graph: v.graph, message: v.message, authorId: v.authorId })
    .returning({ id: workflowVersions.id });
  const versionId = row!.id;
  if (v.graph.nodes.length) {
    await tx.insert(workflowNodes).values(
      v.graph.nodes.map((n) => ({
        workflowVersionId: versionId,
        nodeKey: n.key,
        type: n.type,
        label: n.label,
        scriptId: n.type === 'script' ? n.config.script_id : null,
        scriptVersion: n.type === 'script' ? n.config.script_version : null,
        config: n.config,
        timeoutSeconds: n.timeout_seconds,
        maxRetries: n.max_retries,
        errorPolicy: n.error_policy,
      })),
    );
  }
  if (v.graph.edges.length) {
    await tx.insert(workflowEdges).values(
      v.graph.edges.map((e) => ({
        workflowVersionId: versionId,
        edgeId: e.id,
        sourceKey: e.source,
        targetKey: e.target,
        label: e.label,
      })),
    );
  }
  return versionId;
}

/** Two graphs are the same version when their canonical JSON is equal. */
export function sameGraph(a: WorkflowGraph, b: WorkflowGraph): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
