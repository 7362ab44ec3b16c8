import dagre from '@dagrejs/dagre';
import type { FlowEdge, StepNode } from './graph-convert';

const FALLBACK_W = 220;
const FALLBACK_H = 64;

/** Left-to-right layered layout of the graph; nodes keep their size, only positions change. */
export function autoLayout(nodes: StepNode[], edges: FlowEdge[]): StepNode[] {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 48, ranksep: 90, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, { width: n.measured?.width ?? FALLBACK_W, height: n.measured?.height ?? FALLBACK_H });
  for (const e of edges) if (g.hasNode(e.source) && g.hasNode(e.target)) g.setEdge(e.source, e.target);
  dagre.layout(g);
  return nodes.map((n) => {
    const p = g.node(n.id);
    const w = n.measured?.width ?? FALLBACK_W;
    const h = n.measured?.height ?? FALLBACK_H;
    return { ...n, position: { x: Math.round(p.x - w / 2), y: Math.round(p.y - h / 2) } };
  });
}
