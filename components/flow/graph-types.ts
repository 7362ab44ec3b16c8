/**
 * The workflow graph as the designer edits it: the API's own types (server/workflows/workflows.schema.ts).
 * Only types are imported from there, so the zod schemas stay out of the browser bundle; the few
 * constant lists the UI needs are repeated here and checked against the schema's types.
 */
import type {
  ConditionOperator,
  EdgeLabel,
  ErrorPolicy,
  NodeType,
  ParameterMapping,
  ValidationIssue,
  WorkflowEdge,
  WorkflowGraph,
  WorkflowNode,
} from '@/server/workflows/workflows.schema';

export type {
  ConditionOperator,
  EdgeLabel,
  ErrorPolicy,
  NodeType,
  ParameterMapping,
  WorkflowEdge as GraphEdge,
  WorkflowGraph,
  WorkflowNode as GraphNode,
};
export type GraphIssue = ValidationIssue;

export const nodeTypeList = [
  'start',
  'end',
  'script',
  'condition',
  'parallel',
  'join',
  'delay',
] as const satisfies readonly NodeType[];
export const errorPolicyList = ['fail', 'continue', 'error_edge'] as const satisfies readonly ErrorPolicy[];
export const conditionOperatorList = [
  '==',
  '!=',
  '>',
  '>=',
  '<',
  '<=',
  'contains',
  'matches',
] as const satisfies readonly ConditionOperator[];

/** A node of one type, e.g. `NodeOf<'script'>`. */
export type NodeOf<T extends NodeType> = Extract<WorkflowNode, { type: T }>;
export type ScriptNodeConfig = NodeOf<'script'>['config'];
export type ConditionNodeConfig = NodeOf<'condition'>['config'];
