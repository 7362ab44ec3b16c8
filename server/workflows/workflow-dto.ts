import type { workflowRunNodes, workflowRuns, workflows } from '@/db/schema';
import {
  workflowGraph,
  type RunNodeDto,
  type WorkflowDto,
  type WorkflowGraph,
  type WorkflowRunDto,
  type WorkflowSummaryDto,
} from './workflows.schema';

type WorkflowRow = typeof workflows.$inferSelect;
type RunRow = typeof workflowRuns.$inferSelect;
type RunNodeRow = typeof workflowRunNodes.$inferSelect;
export type LastRun = { id: string; status: WorkflowRunDto['status']; created_at: string } | null;

/** Stored graphs were parsed on the way in; parsing again fills defaults of older shapes. */
export function parseStoredGraph(graph: unknown): WorkflowGraph {
  const parsed = workflowGraph.safeParse(graph);
  return parsed.success ? parsed.data : { nodes: [], edges: [] };
}

export function toWorkflowSummaryDto(row: WorkflowRow, nodeCount: number, lastRun: LastRun = null): WorkflowSummaryDto {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    status: row.status,
    version: row.currentVersion,
    input_schema: (row.inputSchema as Record<string, unknown> | null) ?? null,
    owner_id: row.ownerId,
    node_count: nodeCount,
    last_run: lastRun,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export function toWorkflowDto(row: WorkflowRow, graph: WorkflowGraph, lastRun: LastRun = null): WorkflowDto {
  return { ...toWorkflowSummaryDto(row, graph.nodes.length, lastRun), graph };
}

export function toRunDto(row: RunRow, workflowName: string | null = null): WorkflowRunDto {
  return {
    id: row.id,
    workflow_id: row.workflowId,
    workflow_name: workflowName,
    version: row.version,
    status: row.status,
    input: row.input as Record<string, unknown>,
    trigger_type: row.triggerType,
    trigger_ref: row.triggerRef,
    actor_id: row.actorId,
    error: row.error,
    error_code: null,
    error_params: null,
    created_at: row.createdAt.toISOString(),
    started_at: row.startedAt?.toISOString() ?? null,
    finished_at: row.finishedAt?.toISOString() ?? null,
    duration_ms: row.durationMs,
  };
}

export function toRunNodeDto(row: RunNodeRow): RunNodeDto {
  return {
    node_key: row.nodeKey,
    node_type: row.nodeType,
    status: row.status,
    attempt: row.attempt,
    execution_id: row.executionId,
    output: row.output ?? null,
    error: row.error,
    error_code: null,
    error_params: null,
    started_at: row.startedAt?.toISOString() ?? null,
    finished_at: row.finishedAt?.toISOString() ?? null,
    duration_ms: row.startedAt && row.finishedAt ? row.finishedAt.getTime() - row.startedAt.getTime() : null,
  };
}
