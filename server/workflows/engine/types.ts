import type { RunNodeStatus, WorkflowNode, WorkflowRunStatus } from '../workflows.schema';

/**
 * What the engine decides over: plain data, as the worker loaded it. Rows of `workflow_runs`,
 * `workflow_run_nodes` and `executions` fit these shapes as they are (their other columns are
 * not read here).
 */
export interface EngineRun {
  id: string;
  status: WorkflowRunStatus;
  input: unknown;
  startedAt: Date | null;
  createdAt: Date;
}

export interface EngineNode {
  nodeKey: string;
  nodeType: WorkflowNode['type'];
  status: RunNodeStatus;
  attempt: number;
  executionId: string | null;
  output: unknown;
  error: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** A script node's execution (the latest of its node first, when several are given). */
export interface EngineExecution {
  id: string;
  workflowNodeKey: string | null;
  status: string;
  result: unknown;
  error: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export type EngineEvent =
  | { kind: 'advance' }
  | { kind: 'node-finished'; nodeKey: string }
  | { kind: 'delay-done'; nodeKey: string }
  | { kind: 'dispatch-failed'; nodeKey: string; error: string };

export type ScriptNode = Extract<WorkflowNode, { type: 'script' }>;

/** A script node to start as an execution (idempotency key derived from run, node and attempt). */
export interface ScriptDispatch {
  key: string;
  node: ScriptNode;
  params: Record<string, unknown>;
  attempt: number;
}

/** A delay node's timer (job id derived from run, node and attempt). */
export interface DelayStart {
  key: string;
  delayMs: number;
  attempt: number;
}

/** A node's new state, to be written only if the row still has the status it was read with. */
export interface NodeChange {
  expected: RunNodeStatus;
  node: EngineNode;
}

export type RunChange = Partial<{
  status: WorkflowRunStatus;
  startedAt: Date;
  error: string | null;
  finishedAt: Date;
  durationMs: number;
}>;

export interface Decision {
  /** Changed nodes, in the order they changed. */
  nodes: NodeChange[];
  /** The run row's change, or null. */
  run: RunChange | null;
  /** Script nodes started by this decision, and ones a crashed worker never handed out. */
  dispatch: ScriptDispatch[];
  delays: DelayStart[];
  /** Executions to stop (their nodes were cancelled because the run failed). */
  cancel: string[];
  /** The run is final after this decision (or was before it). */
  final: boolean;
  /**
   * The commit must wait for the disk: the decision ends the run or cancels nodes. One that only
   * starts nodes is made durable by their claims, and made again from the executions if lost.
   */
  durable: boolean;
}
