import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { workflowVersions } from '@/db/schema';
import { prepareRunGraph, type RunGraph } from '@/server/workflows/engine/run-graph';
import { parseStoredGraph } from '@/server/workflows/workflow-dto';

const cache = new Map<string, RunGraph>();

/** Versions are immutable, so their parsed graphs are cached per process. */
export async function loadRunGraph(tx: DbOrTx, versionId: string): Promise<RunGraph> {
  const hit = cache.get(versionId);
  if (hit) return hit;
  const [row] = await tx
    .select({ graph: workflowVersions.graph })
    .from(workflowVersions)
    .where(eq(workflowVersions.id, versionId))
    .limit(1);
  const entry = prepareRunGraph(parseStoredGraph(row?.graph));
  if (cache.size > 500) cache.clear();
  cache.set(versionId, entry);
  return entry;
}
