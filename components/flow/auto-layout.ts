import dagre from '@dagrejs/dagre';
import type { FlowEdge, StepNode } from './graph-convert';

const FALLBACK_W = 220;
const FALLBACK_H = 64;
const handleOrder = ['true', 'out', 'false', 'error'];

/** Left-to-right layered layout of the graph; nodes keep their size, only positions change. */
export function autoLayout(nodes: StepNode[], edges: FlowEdge[]): StepNode[] {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 48, ranksep: 90, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes)
    g.setNode(n.id, { width: n.measured?.width ?? FALLBACK_W, height: n.measured?.height ?? FALLBACK_H });
  // Edges in handle order (true above false, error last) so branches are laid out as the handles sit.
  const rank = (e: FlowEdge) => handleOrder.indexOf(e.sourceHandle ?? 'out');
  for (const e of [...edges].sort((a, b) => rank(a) - rank(b)))
    if (g.hasNode(e.source) && g.hasNode(e.target)) g.setEdge(e.source, e.target);
  // A condition's true branch above its false branch, as its handles sit.
  const constraints: { left: string; right: string }[] = [];
  for (const c of nodes) {
    const out = edges.filter((e) => e.source === c.id);
    const yes = out.find((e) => e.sourceHandle === 'true');
    const no = out.find((e) => e.sourceHandle === 'false');
    if (yes && no && yes.target !== no.target) constraints.push({ left: yes.target, right: no.target });
  }
  dagre.layout(g, { constraints });
  return nodes.map((n) => {
    const p = g.node(n.id);
    const w = n.measured?.width ?? FALLBACK_W;
    const h = n.measured?.height ?? FALLBACK_H;
    return { ...n, position: { x: Math.round(p.x - w / 2), y: Math.round(p.y - h / 2) } };
  });
}
