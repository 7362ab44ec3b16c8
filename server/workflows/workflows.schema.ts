import { z } from 'zod';
import { parametersSchemaField } from '@/server/scripts/scripts.schema';
import { environmentVarsField, triggerTypes } from '@/server/executions/executions.schema';

/**
 * API shapes for workflows (snake_case: tRPC and REST share them). One schema per operation.
 *
 * A workflow version's graph is `{ nodes, edges }`:
 * - a node has a `key` (unique in the graph, an identifier so expressions can say
 *   `nodes.<key>.output`), a `type`, a `label`, a designer `position`, per-node execution settings
 *   (`timeout_seconds`, `max_retries`, `error_policy`) and a `config` whose shape depends on `type`;
 * - an edge has an `id` (unique in the graph), `source` and `target` node keys and a `label`:
 *   `true` / `false` on a condition node's two outgoing edges, `error` on the edge a node with
 *   `error_policy: 'error_edge'` follows when it fails, `null` on every other edge.
 *
 * Drafts may be saved with an incomplete graph (a script node without a script, a condition with an
 * empty expression...): only the structure below is enforced on save. `validateWorkflow` reports
 * what would stop activation as a list of issues pointing at a node key or an edge id.
 */

export const workflowStatuses = ['draft', 'active', 'disabled', 'archived'] as const;
export type WorkflowStatus = (typeof workflowStatuses)[number];
export const workflowRunStatuses = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type WorkflowRunStatus = (typeof workflowRunStatuses)[number];
export const finalRunStatuses = ['succeeded', 'failed', 'cancelled'] as const;
export const runNodeStatuses = ['pending', 'queued', 'running', 'succeeded', 'failed', 'skipped', 'cancelled'] as const;
export type RunNodeStatus = (typeof runNodeStatuses)[number];
export const finalNodeStatuses = ['succeeded', 'failed', 'skipped', 'cancelled'] as const;

export const nodeTypes = ['start', 'end', 'script', 'condition', 'parallel', 'join', 'delay'] as const;
export type NodeType = (typeof nodeTypes)[number];
export const errorPolicies = ['fail', 'continue', 'error_edge'] as const;
export type ErrorPolicy = (typeof errorPolicies)[number];
export const edgeLabels = ['true', 'false', 'error'] as const;
export type EdgeLabel = (typeof edgeLabels)[number];
export const conditionOperators = ['==', '!=', '>', '>=', '<', '<=', 'contains', 'matches'] as const;
export type ConditionOperator = (typeof conditionOperators)[number];
export const joinModes = ['all', 'first'] as const;

export const MAX_NODES = 500;
export const MAX_EDGES = 2000;
export const MAX_EXPRESSION_LENGTH = 2000;

/** Node keys are identifiers so that `nodes.fetch_clip.output.url` works in an expression. */
export const nodeKeyField = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'must start with a letter or _, then letters, digits or _ (at most 64)');
export const edgeIdField = z.string().min(1, 'must not be empty').max(100, 'must be at most 100 characters');
const expression = z.string().max(MAX_EXPRESSION_LENGTH, `must be at most ${MAX_EXPRESSION_LENGTH} characters`);

/**
 * One script parameter: a literal JSON value, or a jexl expression evaluated when the node starts
 * over `{ input, nodes: { <node_key>: { output, status } } }` (only upstream nodes).
 */
export const parameterMapping = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('literal'), value: z.unknown() }),
  z.object({ mode: z.literal('expression'), expression }),
]);
export type ParameterMapping = z.infer<typeof parameterMapping>;

/** A condition: a structured rule (`left` is an expression, `right` a literal) or a jexl expression. */
export const conditionSpec = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('rule'), left: expression, operator: z.enum(conditionOperators), right: z.unknown() }),
  z.object({ mode: z.literal('expression'), expression }),
]);
export type ConditionSpec = z.infer<typeof conditionSpec>;

const position = z.object({ x: z.number().finite(), y: z.number().finite() });

const nodeBase = {
  key: nodeKeyField,
  label: z.string().max(200).default(''),
  position: position.default({ x: 0, y: 0 }),
  /** Overrides the script's timeout for this node (script nodes). */
  timeout_seconds: z.number().int().min(1).max(604_800).nullable().default(null),
  /** Overrides the script's retry count for this node (script nodes). */
  max_retries: z.number().int().min(0).max(10).nullable().default(null),
  error_policy: z.enum(errorPolicies).default('fail'),
};

export const workflowNode = z.discriminatedUnion('type', [
  z.object({ ...nodeBase, type: z.literal('start'), config: z.object({}).default({}) }),
  z.object({ ...nodeBase, type: z.literal('end'), config: z.object({}).default({}) }),
  z.object({
    ...nodeBase,
    type: z.literal('script'),
    config: z
      .object({
        script_id: z.uuid({ message: 'must be a UUID' }).nullable().default(null),
        /** A pinned script version, or null for the script's current version (the script must be active). */
        script_version: z.number().int().min(1).nullable().default(null),
        /** Overrides the script's retry_on_worker_loss for this node (null: the script's setting). */
        retry_on_worker_loss: z.boolean().nullable().default(null),
        parameters: z.record(z.string().min(1).max(200), parameterMapping).default({}),
        /** The node's run environment; `{{secret:NAME}}` references are checked against the version author's scope. */
        environment_vars: environmentVarsField.default({}),
      })
      .default({
        script_id: null,
        script_version: null,
        retry_on_worker_loss: null,
        parameters: {},
        environment_vars: {},
      }),
  }),
  z.object({
    ...nodeBase,
    type: z.literal('condition'),
    config: z
      .object({ condition: conditionSpec.default({ mode: 'expression', expression: '' }) })
      .default({ condition: { mode: 'expression', expression: '' } }),
  }),
  z.object({ ...nodeBase, type: z.literal('parallel'), config: z.object({}).default({}) }),
  z.object({
    ...nodeBase,
    type: z.literal('join'),
    config: z.object({ mode: z.enum(joinModes).default('all') }).default({ mode: 'all' }),
  }),
  z.object({
    ...nodeBase,
    type: z.literal('delay'),
    config: z
      .object({
        seconds: z
          .number()
          .min(0)
          .max(86_400 * 7)
          .default(1),
      })
      .default({ seconds: 1 }),
  }),
]);
export type WorkflowNode = z.infer<typeof workflowNode>;
export type WorkflowNodeInput = z.input<typeof workflowNode>;

export const workflowEdge = z.object({
  id: edgeIdField,
  source: nodeKeyField,
  target: nodeKeyField,
  label: z.enum(edgeLabels).nullable().default(null),
});
export type WorkflowEdge = z.infer<typeof workflowEdge>;

export const workflowGraph = z
  .object({
    nodes: z.array(workflowNode).max(MAX_NODES, `at most ${MAX_NODES} nodes`).default([]),
    edges: z.array(workflowEdge).max(MAX_EDGES, `at most ${MAX_EDGES} edges`).default([]),
  })
  .superRefine((g, ctx) => {
    const keys = new Set<string>();
    g.nodes.forEach((n, i) => {
      if (keys.has(n.key))
        ctx.addIssue({ code: 'custom', path: ['nodes', i, 'key'], message: `duplicate node key "${n.key}"` });
      keys.add(n.key);
    });
    const ids = new Set<string>();
    g.edges.forEach((e, i) => {
      if (ids.has(e.id))
        ctx.addIssue({ code: 'custom', path: ['edges', i, 'id'], message: `duplicate edge id "${e.id}"` });
      ids.add(e.id);
    });
  });
export type WorkflowGraph = z.infer<typeof workflowGraph>;
export type WorkflowGraphInput = z.input<typeof workflowGraph>;

/**
 * A new workflow starts with a start node wired to an end node, Start left of End: handles sit on
 * the sides (in left, out right), so End below Start made the first edge loop back around.
 */
export const defaultGraph = (): WorkflowGraph => ({
  nodes: [
    {
      key: 'start',
      type: 'start',
      label: 'Start',
      position: { x: 0, y: 0 },
      timeout_seconds: null,
      max_retries: null,
      error_policy: 'fail',
      config: {},
    },
    {
      key: 'end',
      type: 'end',
      label: 'End',
      position: { x: 400, y: 0 },
      timeout_seconds: null,
      max_retries: null,
      error_policy: 'fail',
      config: {},
    },
  ],
  edges: [{ id: 'start-end', source: 'start', target: 'end', label: null }],
});

// ---- validation issues

export const validationCodes = [
  'no_start',
  'multiple_starts',
  'no_end',
  'cycle',
  'unreachable',
  'dangling_edge',
  'start_has_incoming',
  'end_has_outgoing',
  'dead_end',
  'condition_branches',
  'bad_edge_label',
  'script_missing',
  'script_not_found',
  'script_not_active',
  'script_version_not_found',
  'bad_expression',
  'not_upstream',
  'join_inputs',
  'error_edge_missing',
  'unknown_parameter',
  'missing_parameter',
  'input_schema',
] as const;
export type ValidationCode = (typeof validationCodes)[number];

/** One problem, pointing at a node (`node_key`), an edge (`edge_id`) or the whole graph (neither). */
export const validationIssue = z.object({
  node_key: z.string().nullable(),
  edge_id: z.string().nullable(),
  code: z.enum(validationCodes),
  /** English text; `message_code` + `params` render it in the reader's language (server/messages). */
  message: z.string(),
  message_code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type ValidationIssue = z.infer<typeof validationIssue>;

export const validationResult = z.object({ valid: z.boolean(), issues: z.array(validationIssue) });
export type ValidationResult = z.infer<typeof validationResult>;

// ---- operations

const name = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const description = z.string().max(5000, 'must be at most 5000 characters');

export const createWorkflowInput = z.object({
  name,
  description: description.default(''),
  /** Drafts may be invalid; 'active' is refused with 422 unless the graph validates. */
  status: z.enum(workflowStatuses).default('draft'),
  /** JSON Schema the run input must match (null: any object). */
  input_schema: parametersSchemaField.default(null),
  /** Omitted: a start node wired to an end node. */
  graph: workflowGraph.optional(),
  message: z.string().max(500).optional(),
});
export type CreateWorkflowInput = z.input<typeof createWorkflowInput>;

export const updateWorkflowPatch = z
  .object({
    name,
    description,
    status: z.enum(workflowStatuses),
    input_schema: parametersSchemaField,
    /** A graph different from the current one makes a new immutable version. */
    graph: workflowGraph,
    /** Version message for a graph change. */
    message: z.string().max(500),
    /** Optimistic concurrency: refused with 409 when the workflow has moved past this version. */
    base_version: z.number().int().min(1),
  })
  .partial();
export const updateWorkflowInput = z.object({ id: z.uuid({ message: 'must be a UUID' }), patch: updateWorkflowPatch });
export type UpdateWorkflowInput = z.input<typeof updateWorkflowInput>;

export const listWorkflowsInput = z.object({
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(200).default(20),
  search: z.string().trim().max(200).optional(),
  status: z.enum(workflowStatuses).optional(),
  include_archived: z.coerce.boolean().default(false),
  sort: z.enum(['name', 'updated_at', 'created_at']).default('updated_at'),
  order: z.enum(['asc', 'desc']).default('desc'),
});
export type ListWorkflowsInput = z.input<typeof listWorkflowsInput>;

export const workflowIdInput = z.object({ id: z.uuid({ message: 'must be a UUID' }) });
export const workflowVersionInput = z.object({
  id: z.uuid({ message: 'must be a UUID' }),
  version: z.coerce.number().int().min(1),
});

/** Validate a graph as the designer holds it (unsaved), optionally with the run input schema. */
export const validateWorkflowInput = z.object({ graph: workflowGraph, input_schema: parametersSchemaField.optional() });
export type ValidateWorkflowInput = z.input<typeof validateWorkflowInput>;

/** Body of POST /api/v1/workflows/{id}/run. */
export const runWorkflowBody = z.object({ input: z.record(z.string(), z.unknown()).default({}) });
export const runWorkflowInput = runWorkflowBody.extend({ id: z.uuid({ message: 'must be a UUID' }) });
export type RunWorkflowInput = z.input<typeof runWorkflowInput>;

export const listRunsInput = z.object({
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(200).default(20),
  workflow_id: z.uuid({ message: 'must be a UUID' }).optional(),
  status: z.enum(workflowRunStatuses).optional(),
});
export type ListRunsInput = z.input<typeof listRunsInput>;

export const runIdInput = z.object({ id: z.uuid({ message: 'must be a UUID' }) });

// ---- answers

export const workflowSummaryDto = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  status: z.enum(workflowStatuses),
  version: z.number(),
  input_schema: z.record(z.string(), z.unknown()).nullable(),
  owner_id: z.string().nullable(),
  node_count: z.number(),
  last_run: z.object({ id: z.string(), status: z.enum(workflowRunStatuses), created_at: z.string() }).nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type WorkflowSummaryDto = z.infer<typeof workflowSummaryDto>;

export const workflowDto = workflowSummaryDto.extend({ graph: workflowGraph });
export type WorkflowDto = z.infer<typeof workflowDto>;

export const workflowVersionDto = z.object({
  version: z.number(),
  message: z.string(),
  author: z.string().nullable(),
  created_at: z.string(),
  node_count: z.number(),
});
export type WorkflowVersionDto = z.infer<typeof workflowVersionDto>;
export const workflowVersionDetailDto = workflowVersionDto.extend({ graph: workflowGraph });
export type WorkflowVersionDetailDto = z.infer<typeof workflowVersionDetailDto>;

export const runNodeDto = z.object({
  node_key: z.string(),
  node_type: z.enum(nodeTypes),
  status: z.enum(runNodeStatuses),
  attempt: z.number(),
  execution_id: z.string().nullable(),
  output: z.unknown().nullable(),
  error: z.string().nullable(),
  /** `error` as a message code + parameters when it is the node's execution ending (docs/messages.md). */
  error_code: z.string().nullable(),
  error_params: z.record(z.string(), z.union([z.string(), z.number()])).nullable(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  duration_ms: z.number().nullable(),
});
export type RunNodeDto = z.infer<typeof runNodeDto>;

export const workflowRunDto = z.object({
  id: z.uuid(),
  workflow_id: z.string(),
  workflow_name: z.string().nullable(),
  version: z.number(),
  status: z.enum(workflowRunStatuses),
  input: z.record(z.string(), z.unknown()),
  trigger_type: z.enum(triggerTypes),
  trigger_ref: z.string().nullable(),
  actor_id: z.string().nullable(),
  error: z.string().nullable(),
  /** `error` as a message code + parameters when it is a node's coded failure (docs/messages.md). */
  error_code: z.string().nullable(),
  error_params: z.record(z.string(), z.union([z.string(), z.number()])).nullable(),
  created_at: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  duration_ms: z.number().nullable(),
});
export type WorkflowRunDto = z.infer<typeof workflowRunDto>;

/** A run with every node's state and the graph of the version it runs, for the run view. */
export const workflowRunDetailDto = workflowRunDto.extend({ nodes: z.array(runNodeDto), graph: workflowGraph });
export type WorkflowRunDetailDto = z.infer<typeof workflowRunDetailDto>;

export const cancelRunResult = z.object({ id: z.uuid(), status: z.enum(workflowRunStatuses) });

/** A script as the designer's palette needs it. */
export const paletteScriptDto = z.object({
  id: z.uuid(),
  name: z.string(),
  language: z.enum(['python', 'bash']),
  status: z.enum(['draft', 'active', 'disabled', 'archived']),
  version: z.number(),
  parameters_schema: z.record(z.string(), z.unknown()).nullable(),
});
export type PaletteScriptDto = z.infer<typeof paletteScriptDto>;
