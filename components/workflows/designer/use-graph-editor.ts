'use client';
import { applyEdgeChanges, applyNodeChanges, type EdgeChange, type NodeChange } from '@xyflow/react';
import { useCallback, useMemo, useReducer } from 'react';
import { toFlow, toGraph, type FlowEdge, type StepData, type StepNode } from '@/components/flow/graph-convert';
import type { WorkflowGraph } from '@/components/flow/graph-types';

/** Snapshots kept for undo; older ones are dropped. */
const HISTORY_LIMIT = 100;
/** Edits with the same key within this window (typing in one field) make one undo step. */
const COALESCE_MS = 1500;

interface State {
  nodes: StepNode[];
  edges: FlowEdge[];
  past: WorkflowGraph[];
  future: WorkflowGraph[];
  lastKey: string | null;
  lastAt: number;
}

type Action =
  | { type: 'load'; graph: WorkflowGraph }
  | { type: 'nodeChanges'; changes: NodeChange<StepNode>[] }
  | { type: 'edgeChanges'; changes: EdgeChange<FlowEdge>[] }
  | { type: 'checkpoint'; key?: string; at: number }
  | { type: 'replace'; nodes: StepNode[]; edges: FlowEdge[]; key?: string; at: number }
  | { type: 'undo' }
  | { type: 'redo' };

const snapshot = (s: Pick<State, 'nodes' | 'edges'>) => toGraph(s.nodes, s.edges);

function pushPast(s: State, key: string | undefined, at: number): State {
  // Several edits to the same field in quick succession are one step back.
  if (key && key === s.lastKey && at - s.lastAt < COALESCE_MS) return { ...s, lastAt: at };
  return { ...s, past: [...s.past, snapshot(s)].slice(-HISTORY_LIMIT), future: [], lastKey: key ?? null, lastAt: at };
}

/** Restores a snapshot, keeping what React Flow measured and what is selected. */
function restore(s: State, graph: WorkflowGraph): Pick<State, 'nodes' | 'edges'> {
  const byId = new Map(s.nodes.map((n) => [n.id, n]));
  const flow = toFlow(graph);
  return {
    nodes: flow.nodes.map((n) => {
      const prev = byId.get(n.id);
      return prev ? { ...n, measured: prev.measured, selected: prev.selected } : n;
    }),
    edges: flow.edges,
  };
}

function reduce(s: State, a: Action): State {
  switch (a.type) {
    case 'load':
      return { ...toFlow(a.graph), past: [], future: [], lastKey: null, lastAt: 0 };
    case 'nodeChanges':
      return { ...s, nodes: applyNodeChanges(a.changes, s.nodes) };
    case 'edgeChanges':
      return { ...s, edges: applyEdgeChanges(a.changes, s.edges) };
    case 'checkpoint':
      return pushPast(s, a.key, a.at);
    case 'replace':
      return { ...pushPast(s, a.key, a.at), nodes: a.nodes, edges: a.edges };
    case 'undo': {
      const prev = s.past.at(-1);
      if (!prev) return s;
      return {
        ...s,
        ...restore(s, prev),
        past: s.past.slice(0, -1),
        future: [snapshot(s), ...s.future],
        lastKey: null,
      };
    }
    case 'redo': {
      const next = s.future[0];
      if (!next) return s;
      return { ...s, ...restore(s, next), past: [...s.past, snapshot(s)], future: s.future.slice(1), lastKey: null };
    }
  }
}

/**
 * The designer's graph state: React Flow nodes and edges plus a history of graph snapshots.
 * Every deliberate edit goes through `replace` (or a `checkpoint` before React Flow applies it,
 * for drags and deletions), so Ctrl+Z walks back one user action at a time.
 */
export function useGraphEditor(initial: WorkflowGraph) {
  const [state, dispatch] = useReducer(reduce, initial, (g) => ({
    ...toFlow(g),
    past: [],
    future: [],
    lastKey: null,
    lastAt: 0,
  }));

  const api = useMemo(
    () => ({
      load: (graph: WorkflowGraph) => dispatch({ type: 'load', graph }),
      onNodesChange: (changes: NodeChange<StepNode>[]) => dispatch({ type: 'nodeChanges', changes }),
      onEdgesChange: (changes: EdgeChange<FlowEdge>[]) => dispatch({ type: 'edgeChanges', changes }),
      checkpoint: (key?: string) => dispatch({ type: 'checkpoint', key, at: Date.now() }),
      replace: (nodes: StepNode[], edges: FlowEdge[], key?: string) =>
        dispatch({ type: 'replace', nodes, edges, key, at: Date.now() }),
      undo: () => dispatch({ type: 'undo' }),
      redo: () => dispatch({ type: 'redo' }),
    }),
    [],
  );

  const { nodes, edges } = state;
  /** Changes one node's data (configuration, label, policies) as one undoable step per field. */
  const updateNode = useCallback(
    (id: string, change: (data: StepData) => StepData, key?: string) => {
      api.replace(
        nodes.map((n) => (n.id === id ? { ...n, data: change(n.data) } : n)),
        edges,
        key ? `${id}:${key}` : undefined,
      );
    },
    [api, nodes, edges],
  );

  return {
    nodes,
    edges,
    canUndo: state.past.length > 0,
    canRedo: state.future.length > 0,
    graph: useMemo(() => toGraph(nodes, edges), [nodes, edges]),
    updateNode,
    ...api,
  };
}

export type GraphEditor = ReturnType<typeof useGraphEditor>;
