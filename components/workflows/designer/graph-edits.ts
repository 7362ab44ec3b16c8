import { toFlowNode, type FlowEdge, type StepData, type StepNode } from '@/components/flow/graph-convert';
import type { EdgeLabel, WorkflowGraph } from '@/components/flow/graph-types';
import { freshKey, sourceHandles } from '@/components/flow/node-meta';
import type { ValidationIssue } from '../workflow-types';

/** Pure graph edits used by the designer; each returns the next nodes and edges. */

const NODE_W = 220;
const NODE_H = 64;
const GAP = 24;

/**
 * Where a new node may go: the point asked for, moved down past any node it would cover. A node
 * dropped onto Start sat on top of it and hid Start's output handle, so the two could not be wired.
 */
export function freePosition(p: { x: number; y: number }, nodes: readonly StepNode[]): { x: number; y: number } {
  const at = { ...p };
  for (let i = 0; i < nodes.length + 1; i++) {
    const hit = nodes.find((n) => {
      const w = n.measured?.width ?? NODE_W;
      const h = n.measured?.height ?? NODE_H;
      const acrossX = at.x < n.position.x + w + GAP && at.x + NODE_W + GAP > n.position.x;
      return acrossX && at.y < n.position.y + h + GAP && at.y + NODE_H + GAP > n.position.y;
    });
    if (!hit) return at;
    at.y = hit.position.y + (hit.measured?.height ?? NODE_H) + GAP;
  }
  return at;
}

const MAX_EDGE_ID = 100;

export function uniqueEdgeId(base: string, taken: ReadonlySet<string>): string {
  const stem = base.length <= MAX_EDGE_ID - 4 ? base : 'edge';
  if (!taken.has(stem)) return stem;
  for (let n = 2; ; n++) if (!taken.has(`${stem}_${n}`)) return `${stem}_${n}`;
}

export function connectEdge(
  edges: FlowEdge[],
  c: { source: string; target: string; sourceHandle?: string | null },
  label: EdgeLabel | null,
): FlowEdge[] {
  const id = uniqueEdgeId(
    label ? `${c.source}-${label}-${c.target}` : `${c.source}-${c.target}`,
    new Set(edges.map((e) => e.id)),
  );
  return [
    ...edges,
    {
      id,
      source: c.source,
      target: c.target,
      sourceHandle: c.sourceHandle ?? 'out',
      targetHandle: 'in',
      data: { label },
    },
  ];
}

/**
 * Applies a change to one node's data; edges leaving from a handle the node no longer offers
 * (an `error` edge once the policy is not error_edge) go with it.
 */
export function changeNodeData(
  nodes: StepNode[],
  edges: FlowEdge[],
  id: string,
  change: (d: StepData) => StepData,
): { nodes: StepNode[]; edges: FlowEdge[] } {
  let handles: string[] | null = null;
  const next = nodes.map((n) => {
    if (n.id !== id) return n;
    const data = change(n.data);
    handles = sourceHandles(data);
    return { ...n, data };
  });
  const offered = handles as string[] | null;
  return {
    nodes: next,
    edges: offered ? edges.filter((e) => e.source !== id || offered.includes(e.sourceHandle ?? 'out')) : edges,
  };
}

export function renameNode(
  nodes: StepNode[],
  edges: FlowEdge[],
  from: string,
  to: string,
): { nodes: StepNode[]; edges: FlowEdge[] } {
  return {
    nodes: nodes.map((n) => (n.id === from ? { ...n, id: to } : n)),
    edges: edges.map((e) => ({
      ...e,
      source: e.source === from ? to : e.source,
      target: e.target === from ? to : e.target,
    })),
  };
}

/** A copied fragment: the selected nodes and the edges between them. */
export type Fragment = WorkflowGraph;

export function copyFragment(nodes: StepNode[], edges: FlowEdge[]): Fragment | null {
  const chosen = nodes.filter((n) => n.selected);
  if (!chosen.length) return null;
  const keys = new Set(chosen.map((n) => n.id));
  return {
    nodes: chosen.map(
      (n) => ({ ...structuredClone(n.data), key: n.id, position: { ...n.position } }) as WorkflowGraph['nodes'][number],
    ),
    edges: edges
      .filter((e) => keys.has(e.source) && keys.has(e.target))
      .map((e) => ({ id: e.id, source: e.source, target: e.target, label: e.data?.label ?? null })),
  };
}

/** Pastes a fragment with fresh keys and edge ids, offset from the original, and selects it. */
export function pasteFragment(
  nodes: StepNode[],
  edges: FlowEdge[],
  fragment: Fragment,
  offset: number,
): { nodes: StepNode[]; edges: FlowEdge[] } {
  const taken = new Set(nodes.map((n) => n.id));
  const rename = new Map<string, string>();
  const pasted: StepNode[] = fragment.nodes.map((n) => {
    const key = freshKey(n.type, taken);
    taken.add(key);
    rename.set(n.key, key);
    return {
      ...toFlowNode({ ...structuredClone(n), key, position: { x: n.position.x + offset, y: n.position.y + offset } }),
      selected: true,
    };
  });
  let nextEdges = edges.map((e) => (e.selected ? { ...e, selected: false } : e));
  for (const e of fragment.edges) {
    const label = e.label ?? null;
    nextEdges = connectEdge(
      nextEdges,
      { source: rename.get(e.source)!, target: rename.get(e.target)!, sourceHandle: label ?? 'out' },
      label,
    );
  }
  return { nodes: [...nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...pasted], edges: nextEdges };
}

/** Server issues from a refused activation (details `graph.nodes.<key>` / `graph.edges.<id>`). */
export function issuesFromDetails(
  details: { field: string; message: string; code?: string; params?: Record<string, string | number> }[],
): ValidationIssue[] {
  return details.map((d) => {
    const [root, kind, ...rest] = d.field.split('.');
    const ref = rest.join('.') || null;
    const message = d.message.replace(/\s*\[[a-z_]+\]$/, '');
    const code = (/\[([a-z_]+)\]$/.exec(d.message)?.[1] ?? 'input_schema') as ValidationIssue['code'];
    return {
      node_key: root === 'graph' && kind === 'nodes' ? ref : null,
      edge_id: root === 'graph' && kind === 'edges' ? ref : null,
      code,
      message,
      message_code: d.code ?? '',
      params: d.params ?? {},
    };
  });
}
