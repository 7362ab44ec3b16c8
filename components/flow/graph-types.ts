/**
 * The workflow graph as the designer edits it. PROVISIONAL: mirrors the model briefed to the
 * backend; replaced by the types inferred from server/workflows/workflows.schema.ts once it exists.
 */
export const nodeTypes = ['start', 'end', 'script', 'condition', 'parallel', 'join', 'delay'] as const;
export type NodeType = (typeof nodeTypes)[number];

export type ParamMapping = { mode: 'literal' | 'expression'; value: unknown };

export interface ScriptConfig {
  script_id: string;
  version: 'latest' | number;
  parameters: Record<string, ParamMapping>;
}
export interface ConditionConfig {
  mode: 'rule' | 'expression';
  rule: { left: string; operator: string; right: string };
  expression: string;
}
export interface JoinConfig { mode: 'all' | 'first' }
export interface DelayConfig { seconds: number }

export type ErrorPolicy = 'fail' | 'continue' | 'error_edge';

export interface GraphNode {
  key: string;
  type: NodeType;
  position: { x: number; y: number };
  label: string;
  config: Record<string, unknown>;
  timeout_seconds?: number | null;
  max_retries?: number | null;
  error_policy?: ErrorPolicy;
}

export type EdgeLabel = 'true' | 'false' | 'error';

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  label?: EdgeLabel | null;
}

export interface WorkflowGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface GraphIssue {
  node_key?: string | null;
  edge_id?: string | null;
  code: string;
  message: string;
}
