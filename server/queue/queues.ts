import { z } from 'zod';

/** Queue names and one payload schema per job: producers validate before adding, consumers on receipt. */
export const QUEUE = {
  executions: 'vss-executions',
  system: 'vss-system',
} as const;

export const executionJobSchema = z.object({ executionId: z.uuid() });
export type ExecutionJob = z.infer<typeof executionJobSchema>;

export const systemJobSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ping'), sentAt: z.number() }),
]);
export type SystemJob = z.infer<typeof systemJobSchema>;

export const WORKER_KEY_PREFIX = 'vss:worker:';
export const WORKER_HEARTBEAT_MS = 5_000;
