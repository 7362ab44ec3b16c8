import type { ExecutionDto, OutputTailDto } from '@/server/executions/executions.schema';

/** Redis pub/sub channels: transient signals only; PostgreSQL keeps every record. */
export const CHANNEL = {
  cancel: 'vss:cancel',
  executionStatus: 'vss:execution-status',
  /** A waited-for run's answer (publishAnswer): only the web processes' shared wait subscriber listens. */
  executionAnswer: 'vss:execution-answer',
  /** Runs were added to the statistics rollups: the dashboard's figures are stale. */
  statsChanged: 'vss:stats-changed',
  logs: (executionId: string) => `vss:logs:${executionId}`,
} as const;

export interface StatusEvent {
  id: string;
  script_id: string | null;
  status: string;
  attempt: number;
  exit_code: number | null;
  at: string;
}

/** What a `wait: true` caller answers with, built by the worker from the statement that made the run final. */
export interface ExecutionAnswer {
  id: string;
  /** The final row as the API shows it (script_name is the caller's to fill in). */
  execution: ExecutionDto;
  output: OutputTailDto;
}
