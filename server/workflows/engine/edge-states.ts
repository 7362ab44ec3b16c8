import type { RunNodeStatus, WorkflowEdge, WorkflowNode } from '../workflows.schema';

export type EdgeState = 'taken' | 'dead' | 'unresolved';

/**
 * Whether an edge carries control to its target, from its source node's state:
 * - unresolved while the source is pending, queued or running;
 * - dead when the source was skipped or cancelled;
 * - a succeeded source takes its unlabelled edges (a condition: only the edge labelled with its
 *   result), never its `error` edges;
 * - a failed source takes its unlabelled edges with policy `continue`, its `error` edges with
 *   policy `error_edge`, nothing with policy `fail`.
 */
export function edgeState(
  edge: Pick<WorkflowEdge, 'label'>,
  source: { status: RunNodeStatus; output: unknown },
  def: Pick<WorkflowNode, 'type' | 'error_policy'>,
): EdgeState {
  switch (source.status) {
    case 'pending':
    case 'queued':
    case 'running':
      return 'unresolved';
    case 'skipped':
    case 'cancelled':
      return 'dead';
    case 'succeeded':
      if (edge.label === 'error') return 'dead';
      if (def.type === 'condition') return edge.label === conditionResult(source.output) ? 'taken' : 'dead';
      return 'taken';
    case 'failed':
      if (def.error_policy === 'continue') return edge.label === null ? 'taken' : 'dead';
      if (def.error_policy === 'error_edge') return edge.label === 'error' ? 'taken' : 'dead';
      return 'dead';
  }
}

/** A condition node's output is `{result}`; its edges are labelled 'true' / 'false'. */
function conditionResult(output: unknown): string {
  return String((output as { result?: unknown } | null)?.result);
}
