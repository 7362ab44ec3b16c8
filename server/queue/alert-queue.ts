import { Queue, type JobsOptions } from 'bullmq';
import { env } from '@/server/env';
import { FAIL_FAST, createRedis } from './connection';
import { alertJobSchema, QUEUE, type AlertJob } from './queues';

let queue: Queue | undefined;

export function alertQueue(): Queue {
  if (!queue) {
    queue = new Queue(QUEUE.alerts, { connection: createRedis(FAIL_FAST), prefix: env().QUEUE_PREFIX });
    queue.on('error', () => undefined);
  }
  return queue;
}

/** Tries per message and the first wait (doubled each time: 2, 4, 8, 16, 32 s: about a minute in all). */
export const DELIVERY_ATTEMPTS = 6;
export const DELIVERY_BACKOFF_MS = 2_000;

/**
 * Adds one alerts job. Ids make repeats harmless: a run's end is evaluated once, a delivery sent
 * by one job, a throttle window flushed once.
 */
export async function enqueueAlertJob(job: AlertJob, opts: { delayMs?: number } = {}): Promise<void> {
  const data = alertJobSchema.parse(job);
  const jobId =
    data.kind === 'run-ended'
      ? `end-${data.subject}-${data.id}`
      : data.kind === 'deliver'
        ? `dlv-${data.deliveryId}`
        : `flush-${data.ruleId}-${data.targetKey.replace(/:/g, '-')}-${data.windowEnd}`;
  const jobOpts: JobsOptions = {
    jobId,
    delay: opts.delayMs,
    // A delivery's retries are the receiver's; evaluation and flush retry infrastructure errors.
    attempts: data.kind === 'deliver' ? DELIVERY_ATTEMPTS : 5,
    backoff: { type: 'exponential', delay: data.kind === 'deliver' ? DELIVERY_BACKOFF_MS : 500 },
    removeOnComplete: true,
    removeOnFail: { age: 24 * 3600, count: 10_000 },
  };
  await alertQueue().add(data.kind, data, jobOpts);
}

export async function closeAlertQueue(): Promise<void> {
  const q = queue;
  queue = undefined;
  await q?.close();
}
