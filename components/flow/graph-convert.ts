import type { Edge, Node } from '@xyflow/react';
import type { EdgeLabel, GraphEdge, GraphNode, WorkflowGraph } from './graph-types';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** What a React Flow node carries: the graph node without the two fields React Flow owns. */
export type StepData = DistributiveOmit<GraphNode, 'key' | 'position'>;
export type StepNode = Node<StepData, 'step'>;
export type FlowEdgeData = { label: EdgeLabel | null };
export type FlowEdge = Edge<FlowEdgeData>;

export const TARGET_HANDLE = 'in';

export function toFlowNode(n: GraphNode): StepNode {
  const { key, position, ...data } = n;
  return { id: key, type: 'step', position: { ...position }, data: data as StepData };
}

export function toFlowEdge(e: GraphEdge): FlowEdge {
  const label = e.label ?? null;
  return {
    id: e.id,
    source: e.source,
    target: e.target,
    sourceHandle: label ?? 'out',
    targetHandle: TARGET_HANDLE,
    data: { label },
  };
}

export function toFlow(graph: WorkflowGraph): { nodes: StepNode[]; edges: FlowEdge[] } {
  return { nodes: graph.nodes.map(toFlowNode), edges: graph.edges.map(toFlowEdge) };
}

/** Handle id → edge label: the plain output carries none. */
export function labelOfHandle(handle: string | null | undefined): EdgeLabel | null {
  return handle === 'true' || handle === 'false' || handle === 'error' ? handle : null;
}

export function toGraph(nodes: StepNode[], edges: FlowEdge[]): WorkflowGraph {
  return {
    nodes: nodes.map(
      (n) =>
        ({ ...n.data, key: n.id, position: { x: Math.round(n.position.x), y: Math.round(n.position.y) } }) as GraphNode,
    ),
    edges: edges.map((e) => ({
      id: e.id,
      source: e.source,
      target: e.target,
      label: e.data?.label ?? labelOfHandle(e.sourceHandle),
    })),
  };
}

/** JSON with object keys sorted, so two equal graphs read the same whatever built them. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** Stable text of a graph (or anything) for "unsaved changes" checks. */
export function graphFingerprint(graph: unknown): string {
  return JSON.stringify(canonical(graph));
}
