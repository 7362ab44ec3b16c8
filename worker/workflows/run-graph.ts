import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { workflowVersions } from '@/db/schema';
import { indexGraph, type GraphIndex } from '@/server/workflows/graph';
import { parseStoredGraph } from '@/server/workflows/workflow-dto';
import type { WorkflowGraph } from '@/server/workflows/workflows.schema';

export interface RunGraph {
  graph: WorkflowGraph;
  ix: GraphIndex;
  /** Node keys in a topological order, so one pass settles a chain of inline nodes. */
  order: string[];
}

const cache = new Map<string, RunGraph>();

function topoOrder(ix: GraphIndex): string[] {
  const indegree = new Map([...ix.nodes.keys()].map((k) => [k, ix.in.get(k)!.length]));
  const ready = [...indegree].filter(([, d]) => d === 0).map(([k]) => k);
  const order: string[] = [];
  while (ready.length) {
    const k = ready.shift()!;
    order.push(k);
    for (const e of ix.out.get(k)!) {
      const d = indegree.get(e.target)! - 1;
      indegree.set(e.target, d);
      if (d === 0) ready.push(e.target);
    }
  }
  // A cycle cannot be activated, but never lose a node: append whatever is left.
  for (const k of ix.nodes.keys()) if (!order.includes(k)) order.push(k);
  return order;
}

/** Versions are immutable, so their parsed graphs are cached per process. */
export async function loadRunGraph(tx: DbOrTx, versionId: string): Promise<RunGraph> {
  const hit = cache.get(versionId);
  if (hit) return hit;
  const [row] = await tx.select({ graph: workflowVersions.graph }).from(workflowVersions).where(eq(workflowVersions.id, versionId)).limit(1);
  const graph = parseStoredGraph(row?.graph);
  const ix = indexGraph(graph);
  const entry = { graph, ix, order: topoOrder(ix) };
  if (cache.size > 500) cache.clear();
  cache.set(versionId, entry);
  return entry;
}
