import { inArray, isNull, and } from 'drizzle-orm';
import { db, type DbOrTx } from '@/db/client';
import { scriptVersions, scripts } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { AppError } from '@/server/errors/app-error';
import { analyzeExpression, regexError } from './expressions';
import { findCycle, indexGraph, reachableFrom, upstreamOf, type GraphIndex } from './graph';
import {
  validateWorkflowInput, type ValidateWorkflowInput, type ValidationIssue, type ValidationResult, type WorkflowGraph,
} from './workflows.schema';

const nodeIssue = (node_key: string, code: ValidationIssue['code'], message: string): ValidationIssue => ({ node_key, edge_id: null, code, message });
const edgeIssue = (edge_id: string, code: ValidationIssue['code'], message: string): ValidationIssue => ({ node_key: null, edge_id, code, message });
const graphIssue = (code: ValidationIssue['code'], message: string): ValidationIssue => ({ node_key: null, edge_id: null, code, message });

/** The rules that need no database: shape of the DAG, branches, joins, expressions. */
export function checkGraphStructure(graph: WorkflowGraph): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const ix = indexGraph(graph);
  const starts = graph.nodes.filter((n) => n.type === 'start');
  if (starts.length === 0) issues.push(graphIssue('no_start', 'the workflow needs exactly one start node; it has none'));
  for (const extra of starts.slice(1)) issues.push(nodeIssue(extra.key, 'multiple_starts', `only one start node is allowed; "${starts[0]!.key}" is already the start`));
  if (!graph.nodes.some((n) => n.type === 'end')) issues.push(graphIssue('no_end', 'the workflow needs at least one end node'));

  for (const e of ix.dangling) {
    const missing = [e.source, e.target].filter((k) => !ix.nodes.has(k));
    issues.push(edgeIssue(e.id, 'dangling_edge', `edge ${e.id} connects to node ${missing.map((k) => `"${k}"`).join(' and ')}, which does not exist`));
  }
  for (const e of graph.edges) {
    if (e.source === e.target && ix.nodes.has(e.source)) issues.push(edgeIssue(e.id, 'cycle', `edge ${e.id} connects node "${e.source}" to itself`));
  }
  const cycle = findCycle(ix);
  if (cycle && cycle.length > 2) issues.push(nodeIssue(cycle[0]!, 'cycle', `the graph has a cycle: ${cycle.join(' → ')}; workflows must be acyclic`));

  const start = starts[0];
  const reachable = start ? reachableFrom(ix, start.key) : new Set<string>();
  for (const n of graph.nodes) {
    const incoming = ix.in.get(n.key)!;
    const outgoing = ix.out.get(n.key)!;
    if (start && !reachable.has(n.key)) {
      issues.push(nodeIssue(n.key, 'unreachable', incoming.length === 0
        ? `node "${n.key}" has no incoming edge and is never reached from start`
        : `node "${n.key}" cannot be reached from start`));
    }
    if (n.type === 'start' && incoming.length > 0) issues.push(nodeIssue(n.key, 'start_has_incoming', 'the start node cannot have incoming edges'));
    if (n.type === 'end' && outgoing.length > 0) issues.push(nodeIssue(n.key, 'end_has_outgoing', 'an end node cannot have outgoing edges'));
    if (n.type !== 'end' && outgoing.filter((e) => e.label !== 'error').length === 0) {
      issues.push(nodeIssue(n.key, 'dead_end', `node "${n.key}" has no outgoing edge; connect it to the next node or to an end node`));
    }
    issues.push(...checkEdgeLabels(ix, n.key));
    if (n.type === 'join' && incoming.length < 2) issues.push(nodeIssue(n.key, 'join_inputs', `join "${n.key}" needs at least 2 incoming edges; it has ${incoming.length}`));
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
    issues.push(nodeIssue(key, 'error_edge_missing', `node "${key}" follows an error edge when it fails, but has no outgoing edge labelled "error"`));
  }
  for (const e of errorEdges) {
    if (n.error_policy !== 'error_edge') issues.push(edgeIssue(e.id, 'bad_edge_label', `edge ${e.id} is labelled "error" but node "${key}" has error policy "${n.error_policy}"; set it to "error_edge"`));
  }
  if (n.type === 'condition') {
    const branches = outgoing.filter((e) => e.label !== 'error');
    const t = branches.filter((e) => e.label === 'true').length;
    const f = branches.filter((e) => e.label === 'false').length;
    if (branches.length !== 2 || t !== 1 || f !== 1) {
      issues.push(nodeIssue(key, 'condition_branches', `condition "${key}" needs exactly two outgoing edges, one labelled "true" and one labelled "false" (has ${t} true, ${f} false, ${branches.length - t - f} unlabelled)`));
    }
  } else {
    for (const e of outgoing) {
      if (e.label === 'true' || e.label === 'false') issues.push(edgeIssue(e.id, 'bad_edge_label', `edge ${e.id} is labelled "${e.label}" but only a condition node's edges may be`));
    }
  }
  return issues;
}

function checkExpressions(ix: GraphIndex, key: string): ValidationIssue[] {
  const n = ix.nodes.get(key)!;
  const sources: Array<{ what: string; source: string }> = [];
  const issues: ValidationIssue[] = [];
  if (n.type === 'script') {
    for (const [param, m] of Object.entries(n.config.parameters)) {
      if (m.mode === 'expression') sources.push({ what: `parameter "${param}"`, source: m.expression });
    }
  } else if (n.type === 'condition') {
    const c = n.config.condition;
    sources.push({ what: 'condition', source: c.mode === 'rule' ? c.left : c.expression });
    if (c.mode === 'rule' && c.operator === 'matches') {
      const bad = regexError(c.right);
      if (bad) issues.push(nodeIssue(key, 'bad_expression', `condition: "${String(c.right)}" is not a valid regular expression: ${bad}`));
    }
  }
  if (sources.length === 0) return issues;
  const upstream = upstreamOf(ix, key);
  for (const { what, source } of sources) {
    const a = analyzeExpression(source);
    for (const err of a.errors) issues.push(nodeIssue(key, 'bad_expression', `${what} of node "${key}": expression ${err}`));
    for (const ref of a.nodes) {
      if (!ix.nodes.has(ref)) issues.push(nodeIssue(key, 'not_upstream', `${what} of node "${key}" reads node "${ref}", which does not exist`));
      else if (!upstream.has(ref)) issues.push(nodeIssue(key, 'not_upstream', `${what} of node "${key}" reads node "${ref}", which does not run before it (only upstream nodes may be read)`));
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
    ? await tx.select({ id: scripts.id, name: scripts.name, status: scripts.status, schema: scripts.parametersSchema }).from(scripts).where(and(inArray(scripts.id, ids), isNull(scripts.deletedAt)))
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const pinned = scriptNodes.filter((n) => n.config.script_id && n.config.script_version !== null);
  const versions = pinned.length
    ? await tx.select({ id: scriptVersions.scriptId, version: scriptVersions.version }).from(scriptVersions).where(inArray(scriptVersions.scriptId, [...new Set(pinned.map((n) => n.config.script_id!))]))
    : [];
  const haveVersion = new Set(versions.map((v) => `${v.id}@${v.version}`));
  for (const n of scriptNodes) {
    const { script_id: id, script_version: version, parameters } = n.config;
    if (!id) {
      issues.push(nodeIssue(n.key, 'script_missing', `script node "${n.key}" has no script selected`));
      continue;
    }
    const s = byId.get(id);
    if (!s) {
      issues.push(nodeIssue(n.key, 'script_not_found', `script node "${n.key}" uses script ${id}, which does not exist (deleted?)`));
      continue;
    }
    if (s.status !== 'active') issues.push(nodeIssue(n.key, 'script_not_active', `script node "${n.key}" uses "${s.name}", which is ${s.status}; only active scripts run in workflows`));
    if (version !== null && !haveVersion.has(`${id}@${version}`)) issues.push(nodeIssue(n.key, 'script_version_not_found', `script node "${n.key}" pins version ${version} of "${s.name}", which does not exist`));
    const schema = s.schema as { properties?: Record<string, unknown>; required?: string[]; additionalProperties?: unknown } | null;
    if (schema && typeof schema === 'object') {
      for (const req of schema.required ?? []) {
        const prop = schema.properties?.[req] as { default?: unknown } | undefined;
        if (!(req in parameters) && prop?.default === undefined) issues.push(nodeIssue(n.key, 'missing_parameter', `script node "${n.key}": required parameter "${req}" of "${s.name}" is not mapped`));
      }
      if (schema.additionalProperties === false && schema.properties) {
        for (const p of Object.keys(parameters)) {
          if (!(p in schema.properties)) issues.push(nodeIssue(n.key, 'unknown_parameter', `script node "${n.key}": "${s.name}" has no parameter "${p}"`));
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
    field: i.node_key !== null ? `graph.nodes.${i.node_key}` : i.edge_id !== null ? `graph.edges.${i.edge_id}` : 'graph',
    message: `${i.message} [${i.code}]`,
  }));
  return new AppError('UNPROCESSABLE', `the workflow is not valid and cannot be activated: ${issues.length} problem${issues.length === 1 ? '' : 's'}, first: ${issues[0]?.message ?? ''}`, { details });
}

/** Validates a graph as the designer holds it; never throws for an invalid graph, only lists the issues. */
export async function validateWorkflow(opts: { actor: Actor; input: ValidateWorkflowInput }): Promise<ValidationResult> {
  assertCan(opts.actor, 'workflow.read');
  const parsed = validateWorkflowInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const issues = await collectIssues(parsed.data.graph);
  return { valid: issues.length === 0, issues };
}
