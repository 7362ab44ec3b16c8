import { z } from 'zod';

/** Queue names and one payload schema per job: producers validate before adding, consumers on receipt. */
export const QUEUE = {
  executions: 'vss-executions',
  system: 'vss-system',
  schedules: 'vss-schedules',
  workflows: 'vss-workflows',
  alerts: 'vss-alerts',
} as const;

export const executionJobSchema = z.object({
  executionId: z.uuid(),
  /** A caller waits for the final row and output (`wait: true`): the worker publishes them with the end. */
  answer: z.boolean().optional(),
});
export type ExecutionJob = z.infer<typeof executionJobSchema>;

/** One job per schedule tick, produced by the BullMQ job scheduler whose id is the schedule id. */
export const scheduleJobSchema = z.object({ scheduleId: z.uuid() });
export type ScheduleJob = z.infer<typeof scheduleJobSchema>;

/** Workflow advancement: a run to start or resume, a script node's execution ended, a delay elapsed. */
export const workflowJobSchema = z.object({
  kind: z.enum(['node-finished', 'advance', 'delay-done']),
  runId: z.uuid(),
  nodeKey: z.string().min(1).max(64).nullable(),
});
export type WorkflowJob = z.infer<typeof workflowJobSchema>;

/**
 * Alerts (server/alerts): a run reached its final state (committed), one message to deliver to one
 * channel, or a throttle window ended with held-back alerts to summarise.
 */
export const alertJobSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('run-ended'), subject: z.enum(['execution', 'workflow_run']), id: z.uuid() }),
  z.object({ kind: z.literal('deliver'), deliveryId: z.uuid() }),
  z.object({
    kind: z.literal('flush'),
    ruleId: z.uuid(),
    targetKey: z.string().min(1).max(100),
    // When the window ends (ms): with the rule and target, the job's id, so one flush per window.
    windowEnd: z.number().int(),
  }),
]);
export type AlertJob = z.infer<typeof alertJobSchema>;

export const systemJobSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ping'), sentAt: z.number() }),
]);
export type SystemJob = z.infer<typeof systemJobSchema>;

export const WORKER_KEY_PREFIX = 'vss:worker:';
/** A worker silent for three heartbeats (6 s) is gone: part of detecting a lost run within 10 s. */
export const WORKER_HEARTBEAT_MS = 2_000;
