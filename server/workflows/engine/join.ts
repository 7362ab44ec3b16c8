import type { WorkflowNode } from '../workflows.schema';
import type { EdgeState } from './edge-states';

export type Readiness = 'run' | 'skip' | 'wait';

/**
 * When a pending node moves, from the states of its incoming edges: it runs once every edge is
 * settled and at least one was taken (join `all`, and any node with several inputs); a join
 * `first` runs at the first taken edge, without waiting for the others. A node whose incoming
 * edges are all dead is skipped, which skips a branch transitively up to where another live path
 * joins it. A pending node without incoming edges is skipped (the start node, the only one that
 * has none, begins `queued` and completes on its own).
 */
export function readiness(def: Pick<WorkflowNode, 'type' | 'config'>, incoming: readonly EdgeState[]): Readiness {
  const taken = incoming.filter((s) => s === 'taken').length;
  const unresolved = incoming.filter((s) => s === 'unresolved').length;
  const first = def.type === 'join' && (def.config as { mode?: string }).mode === 'first';
  if (taken > 0 && (first || unresolved === 0)) return 'run';
  if (unresolved === 0) return 'skip';
  return 'wait';
}
