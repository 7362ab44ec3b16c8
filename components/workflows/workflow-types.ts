/** API answer shapes the workflow screens use (types only; the zod schemas stay on the server). */
export type {
  PaletteScriptDto as PaletteScript,
  RunNodeDto as RunNode,
  WorkflowDto as WorkflowDetail,
  WorkflowRunDetailDto as WorkflowRunDetail,
  WorkflowRunDto as WorkflowRun,
  WorkflowRunStatus,
  WorkflowStatus,
  WorkflowSummaryDto as WorkflowSummary,
  WorkflowVersionDto as WorkflowVersion,
  ValidationIssue,
} from '@/server/workflows/workflows.schema';
