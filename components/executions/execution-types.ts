import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/trpc/router';
import type { ExecutionStatus } from '@/server/executions/executions.schema';

type Outputs = inferRouterOutputs<AppRouter>['executions'];

/** One execution as `executions.get` and the live stream's `status` event return it (with attempts). */
export type ExecutionDetail = Outputs['get'];
export type ExecutionListItem = Outputs['list']['items'][number];
export type TriggerType = ExecutionListItem['trigger_type'];
export type { ExecutionStatus };

export type LogStream = 'stdout' | 'stderr' | 'system';

export interface LogLine {
  seq: number;
  attempt: number;
  stream: LogStream;
  at: string;
  text: string;
}

// Kept here rather than imported from the server schema so the client bundle does not pull in zod;
// the Record types make the compiler flag any status or trigger the server adds.
const statusFinality: Record<ExecutionStatus, boolean> = {
  queued: false,
  running: false,
  succeeded: true,
  failed: true,
  timed_out: true,
  cancelled: true,
};
export const executionStatusList = Object.keys(statusFinality) as ExecutionStatus[];

export function isFinalStatus(status: string): boolean {
  return statusFinality[status as ExecutionStatus] ?? false;
}
