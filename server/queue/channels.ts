/** Redis pub/sub channels: transient signals only; PostgreSQL keeps every record. */
export const CHANNEL = {
  cancel: 'vss:cancel',
  executionStatus: 'vss:execution-status',
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
