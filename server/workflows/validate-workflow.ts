import { inArray, isNull, and } from 'drizzle-orm';
import { db, type DbOrTx } from '@/db/client';
import { scriptVersions, scripts } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { AppError } from '@/server/errors/app-error';
import { coded, type CodedMessage, type MessageCode } from '@/server/messages/messages.shared';
import { analyzeExpression, regexError } from './expressions';
import { findCycle, indexGraph, reachableFrom, upstreamOf, type GraphIndex } from './graph';
import {
  validateWorkflowInput,
  type ValidateWorkflowInput,
  type ValidationIssue,
  type ValidationResult,
  type WorkflowGraph,
} from './workflows.schema';

type Text = CodedMessage;
const asIssue = (t: Text) => ({ message: t.message, message_code: t.code, params: t.params });
const nodeIssue = (node_key: string, code: ValidationIssue['code'], t: Text): ValidationIssue => ({
  node_key,
  edge_id: null,
  code,
  ...asIssue(t),
});
const edgeIssue = (edge_id: string, code: ValidationIssue['code'], t: Text): ValidationIssue => ({
  node_key: null,
  edge_id,
  code,
  ...asIssue(t),
});
const graphIssue = (code: ValidationIssue['code'], t: Text): ValidationIssue => ({
  node_key: null,
  edge_id: null,
  code,
  ...asIssue(t),
});

/** The rules that need no database: shape of the DAG, branches, joins, expressions. */
export function checkGraphStructure(graph: WorkflowGraph): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const ix = indexGraph(graph);
  const starts = graph.nodes.filter((n) => n.type === 'start');
  if (starts.length === 0) issues.push(graphIssue('no_start', coded('workflow.no_start')));
  for (const extra of starts.slice(1))
    issues.push(nodeIssue(extra.key, 'multiple_starts', coded('workflow.multiple_starts', { first: starts[0]!.key })));
  if (!graph.nodes.some((n) => n.type === 'end')) issues.push(graphIssue('no_end', coded('workflow.no_end')));

  for (const e of ix.dangling) {
    const missing = [e.source, e.target].filter((k) => !ix.nodes.has(k));
    issues.push(
      edgeIssue(
        e.id,
        'dangling_edge',
        missing.length === 1
          ? coded('workflow.dangling_edge', { edge: e.id, node: missing[0]! })
          : coded('workflow.dangling_edge_both', { edge: e.id, source: e.source, target: e.target }),
      ),
    );
  }
  for (const e of graph.edges) {
    if (e.source === e.target && ix.nodes.has(e.source))
      issues.push(edgeIssue(e.id, 'cycle', coded('workflow.self_loop', { edge: e.id, node: e.source })));
  }
  const cycle = findCycle(ix);
  if (cycle && cycle.length > 2)
    issues.push(nodeIssue(cycle[0]!, 'cycle', coded('workflow.cycle', { path: cycle.join(' → ') })));

  const start = starts[0];
  const reachable = start ? reachableFrom(ix, start.key) : new Set<string>();
  for (const n of graph.nodes) {
    const incoming = ix.in.get(n.key)!;
    const outgoing = ix.out.get(n.key)!;
    if (start && !reachable.has(n.key)) {
      issues.push(
        nodeIssue(
          n.key,
          'unreachable',
          coded(incoming.length === 0 ? 'workflow.unreachable_no_incoming' : 'workflow.unreachable', { node: n.key }),
        ),
      );
    }
    if (n.type === 'start' && incoming.length > 0)
      issues.push(nodeIssue(n.key, 'start_has_incoming', coded('workflow.start_has_incoming')));
    if (n.type === 'end' && outgoing.length > 0)
      issues.push(nodeIssue(n.key, 'end_has_outgoing', coded('workflow.end_has_outgoing')));
    if (n.type !== 'end' && outgoing.filter((e) => e.label !== 'error').length === 0) {
      issues.push(nodeIssue(n.key, 'dead_end', coded('workflow.dead_end', { node: n.key })));
    }
    issues.push(...checkEdgeLabels(ix, n.key));
    if (n.type === 'join' && incoming.length < 2)
      issues.push(
        nodeIssue(n.key, 'join_inputs', coded('workflow.join_inputs', { node: n.key, count: incoming.length })),
      );
    issues.push(...checkExpressions(ix, n.key));
  }
  return issues;
}

function checkEdgeLabels(ix: GraphIndex, key: string): ValidationIssue[] {
  const n = ix.nodes.get(key)!;
  const issues: ValidationIssue[] = [];
  const outgoing = ix.out.get(key)!;
  const errorEdges = outgoing.filter((e) => e.label === 'error');
  if (n.error_policy === 'error_edge' && errorEdges.length === 0) {
    issues.push(nodeIssue(key, 'error_edge_missing', coded('workflow.error_edge_missing', { node: key })));
  }
  for (const e of errorEdges) {
    if (n.error_policy !== 'error_edge')
      issues.push(
        edgeIssue(
          e.id,
          'bad_edge_label',
          coded('workflow.error_label_without_policy', { edge: e.id, node: key, policy: n.error_policy }),
        ),
      );
  }
  if (n.type === 'condition') {
    const branches = outgoing.filter((e) => e.label !== 'error');
    const t = branches.filter((e) => e.label === 'true').length;
    const f = branches.filter((e) => e.label === 'false').length;
    if (branches.length !== 2 || t !== 1 || f !== 1) {
      issues.push(
        nodeIssue(
          key,
          'condition_branches',
          coded('workflow.condition_branches', {
            node: key,
            true_count: t,
            false_count: f,
            unlabelled: branches.length - t - f,
          }),
        ),
      );
    }
  } else {
    for (const e of outgoing) {
      if (e.label === 'true' || e.label === 'false')
        issues.push(
          edgeIssue(
            e.id,
            'bad_edge_label',
            coded('workflow.branch_label_not_condition', { edge: e.id, label: e.label }),
          ),
        );
    }
  }
  return issues;
}

function checkExpressions(ix: GraphIndex, key: string): ValidationIssue[] {
  const n = ix.nodes.get(key)!;
  const sources: Array<{ what: { what_code: MessageCode; param?: string }; source: string }> = [];
  const issues: ValidationIssue[] = [];
  if (n.type === 'script') {
    for (const [param, m] of Object.entries(n.config.parameters)) {
      if (m.mode === 'expression')
        sources.push({ what: { what_code: 'workflow.what.parameter', param }, source: m.expression });
    }
  } else if (n.type === 'condition') {
    const c = n.config.condition;
    sources.push({ what: { what_code: 'workflow.what.condition' }, source: c.mode === 'rule' ? c.left : c.expression });
    if (c.mode === 'rule' && c.operator === 'matches') {
      const bad = regexError(c.right);
      if (bad)
        issues.push(
          nodeIssue(key, 'bad_expression', coded('workflow.bad_regex', { pattern: String(c.right), detail: bad })),
        );
    }
  }
  if (sources.length === 0) return issues;
  const upstream = upstreamOf(ix, key);
  for (const { what, source } of sources) {
    const a = analyzeExpression(source);
    for (const err of a.errors) {
      issues.push(
        nodeIssue(
          key,
          'bad_expression',
          coded('workflow.bad_expression', { ...err.params, ...what, node: key, expr_code: err.code }),
        ),
      );
    }
    for (const ref of a.nodes) {
      if (!ix.nodes.has(ref))
        issues.push(nodeIssue(key, 'not_upstream', coded('workflow.reads_missing_node', { ...what, node: key, ref })));
      else if (!upstream.has(ref))
        issues.push(nodeIssue(key, 'not_upstream', coded('workflow.reads_not_upstream', { ...what, node: key, ref })));
    }
  }
  return issues;
}

/** The rules that read the database: referenced scripts exist, are active, pinned versions exist, parameters fit. */
export async function checkGraphScripts(graph: WorkflowGraph, tx: DbOrTx = db()): Promise<ValidationIssue[]> {
  const scriptNodes = graph.nodes.filter((n) => n.type === 'script');
  const issues: ValidationIssue[] = [];
  const ids = [...new Set(scriptNodes.map((n) => n.config.script_id).filter((id): id is string => !!id))];
  const rows = ids.length
    ? await tx
        .select({ id: scripts.id, name: scripts.name, status: scripts.status, schema: scripts.parametersSchema })
        .from(scripts)
        .where(and(inArray(scripts.id, ids), isNull(scripts.deletedAt)))
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const pinned = scriptNodes.filter((n) => n.config.script_id && n.config.script_version !== null);
  const versions = pinned.length
    ? await tx
        .select({ id: scriptVersions.scriptId, version: scriptVersions.version })
        .from(scriptVersions)
        .where(inArray(scriptVersions.scriptId, [...new Set(pinned.map((n) => n.config.script_id!))]))
    : [];
  const haveVersion = new Set(versions.map((v) => `${v.id}@${v.version}`));
  for (const n of scriptNodes) {
    const { script_id: id, script_version: version, parameters } = n.config;
    if (!id) {
      issues.push(nodeIssue(n.key, 'script_missing', coded('workflow.script_missing', { node: n.key })));
      continue;
    }
    const s = byId.get(id);
    if (!s) {
      issues.push(
        nodeIssue(n.key, 'script_not_found', coded('workflow.script_not_found', { node: n.key, script_id: id })),
      );
      continue;
    }
    if (s.status !== 'active')
      issues.push(
        nodeIssue(
          n.key,
          'script_not_active',
          coded('workflow.script_not_active', {
            node: n.key,
            script: s.name,
            status_code: `status.script.${s.status}`,
          }),
        ),
      );
    if (version !== null && !haveVersion.has(`${id}@${version}`))
      issues.push(
        nodeIssue(
          n.key,
          'script_version_not_found',
          coded('workflow.script_version_not_found', { node: n.key, version, script: s.name }),
        ),
      );
    const schema = s.schema as {
      properties?: Record<string, unknown>;
      required?: string[];
      additionalProperties?: unknown;
    } | null;
    if (schema && typeof schema === 'object') {
      for (const req of schema.required ?? []) {
        const prop = schema.properties?.[req] as { default?: unknown } | undefined;
        if (!(req in parameters) && prop?.default === undefined)
          issues.push(
            nodeIssue(
              n.key,
              'missing_parameter',
              coded('workflow.missing_parameter', { node: n.key, param: req, script: s.name }),
            ),
          );
      }
      if (schema.additionalProperties === false && schema.properties) {
        for (const p of Object.keys(parameters)) {
          if (!(p in schema.properties))
            issues.push(
              nodeIssue(
                n.key,
                'unknown_parameter',
                coded('workflow.unknown_parameter', { node: n.key, script: s.name, param: p }),
              ),
            );
        }
      }
    }
  }
  return issues;
}

export async function collectIssues(graph: WorkflowGraph, tx: DbOrTx = db()): Promise<ValidationIssue[]> {
  return [...checkGraphStructure(graph), ...(await checkGraphScripts(graph, tx))];
}

/** The 422 thrown when activation is refused; details point at `graph.nodes.<key>` / `graph.edges.<id>`. */
export function invalidWorkflowError(issues: ValidationIssue[]): AppError {
  const details = issues.map((i) => ({
    field:
      i.node_key !== null ? `graph.nodes.${i.node_key}` : i.edge_id !== null ? `graph.edges.${i.edge_id}` : 'graph',
    message: `${i.message} [${i.code}]`,
    code: i.message_code,
    params: i.params,
  }));
  return new AppError(
    'UNPROCESSABLE',
    `the workflow is not valid and cannot be activated: ${issues.length} problem${issues.length === 1 ? '' : 's'}, first: ${issues[0]?.message ?? ''}`,
    { details },
  );
}

/** Validates a graph as the designer holds it; never throws for an invalid graph, only lists the issues. */
export async function validateWorkflow(opts: {
  actor: Actor;
  input: ValidateWorkflowInput;
}): Promise<ValidationResult> {
  assertCan(opts.actor, 'workflow.read');
  const parsed = validateWorkflowInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const issues = await collectIssues(parsed.data.graph);
  return { valid: issues.length === 0, issues };
}
