import { Queue, type JobsOptions } from 'bullmq';
import { env } from '@/server/env';
import { FAIL_FAST, createRedis } from './connection';
import { QUEUE, workflowJobSchema, type WorkflowJob } from './queues';

let queue: Queue | undefined;

export function workflowQueue(): Queue {
  if (!queue) {
    queue = new Queue(QUEUE.workflows, { connection: createRedis(FAIL_FAST), prefix: env().QUEUE_PREFIX });
    // Connection errors (Redis restarting) surface through the calls that fail; unheard they would be printed.
    queue.on('error', () => undefined);
  }
  return queue;
}

/**
 * Adds one workflow advancement job. `jobId` is derived by the caller from (run, node, attempt or
 * execution), so a repeated notification while the first is still queued is dropped by BullMQ; the
 * consumer is idempotent anyway (conditional node-state updates under the run's row lock).
 */
export async function enqueueWorkflowJob(job: WorkflowJob, opts: { jobId: string; delayMs?: number }): Promise<void> {
  const data = workflowJobSchema.parse(job);
  const jobOpts: JobsOptions = {
    jobId: opts.jobId,
    delay: opts.delayMs,
    // Infrastructure failures (database restarting...) are retried; the decision itself is idempotent.
    attempts: 8,
    backoff: { type: 'exponential', delay: 200 },
    removeOnComplete: true,
    removeOnFail: { age: 24 * 3600, count: 10_000 },
  };
  await workflowQueue().add(job.kind, data, jobOpts);
}

export async function closeWorkflowQueue(): Promise<void> {
  const q = queue;
  queue = undefined;
  await q?.close();
}
