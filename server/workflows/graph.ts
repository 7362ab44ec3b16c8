import type { WorkflowEdge, WorkflowGraph, WorkflowNode } from './workflows.schema';

/** Adjacency of a graph; edges whose ends are unknown nodes are left out (validation reports them). */
export interface GraphIndex {
  nodes: Map<string, WorkflowNode>;
  out: Map<string, WorkflowEdge[]>;
  in: Map<string, WorkflowEdge[]>;
  dangling: WorkflowEdge[];
}

export function indexGraph(graph: WorkflowGraph): GraphIndex {
  const nodes = new Map(graph.nodes.map((n) => [n.key, n]));
  const out = new Map<string, WorkflowEdge[]>(graph.nodes.map((n) => [n.key, []]));
  const inc = new Map<string, WorkflowEdge[]>(graph.nodes.map((n) => [n.key, []]));
  const dangling: WorkflowEdge[] = [];
  for (const e of graph.edges) {
    if (!nodes.has(e.source) || !nodes.has(e.target)) {
      dangling.push(e);
      continue;
    }
    out.get(e.source)!.push(e);
    inc.get(e.target)!.push(e);
  }
  return { nodes, out, in: inc, dangling };
}

/** One cycle as a list of node keys (first repeated at the end), or null for a DAG. */
export function findCycle(ix: GraphIndex): string[] | null {
  const state = new Map<string, 1 | 2>(); // 1 = on the stack, 2 = done
  const stack: string[] = [];
  const visit = (key: string): string[] | null => {
    state.set(key, 1);
    stack.push(key);
    for (const e of ix.out.get(key) ?? []) {
      const s = state.get(e.target);
      if (s === 1) return [...stack.slice(stack.indexOf(e.target)), e.target];
      if (s === undefined) {
        const found = visit(e.target);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(key, 2);
    return null;
  };
  for (const key of ix.nodes.keys()) {
    if (state.has(key)) continue;
    const found = visit(key);
    if (found) return found;
  }
  return null;
}

/** Every node reachable from `from` along edges (including `from`). */
export function reachableFrom(ix: GraphIndex, from: string): Set<string> {
  const seen = new Set<string>([from]);
  const todo = [from];
  while (todo.length) {
    for (const e of ix.out.get(todo.pop()!) ?? []) {
      if (!seen.has(e.target)) {
        seen.add(e.target);
        todo.push(e.target);
      }
    }
  }
  return seen;
}

/** Every node with a path to `to` (excluding `to`): the nodes whose outputs `to` may read. */
export function upstreamOf(ix: GraphIndex, to: string): Set<string> {
  const seen = new Set<string>();
  const todo = [to];
  while (todo.length) {
    for (const e of ix.in.get(todo.pop()!) ?? []) {
      if (!seen.has(e.source)) {
        seen.add(e.source);
        todo.push(e.source);
      }
    }
  }
  seen.delete(to);
  return seen;
}
