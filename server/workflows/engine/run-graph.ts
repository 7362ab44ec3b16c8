import { indexGraph, type GraphIndex } from '../graph';
import type { WorkflowGraph } from '../workflows.schema';

export interface RunGraph {
  graph: WorkflowGraph;
  ix: GraphIndex;
  /** Node keys in a topological order, so one pass settles a chain of inline nodes. */
  order: string[];
}

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
  const placed = new Set(order);
  for (const k of ix.nodes.keys()) if (!placed.has(k)) order.push(k);
  return order;
}

/** A version's graph as the engine walks it. */
export function prepareRunGraph(graph: WorkflowGraph): RunGraph {
  const ix = indexGraph(graph);
  return { graph, ix, order: topoOrder(ix) };
}
