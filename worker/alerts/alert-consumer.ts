import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { deliverAlert } from '@/server/alerts/deliver-alert';
import { settleRunEndedEmits } from '@/server/alerts/emit-run-ended';
import { listenForRuleChanges } from '@/server/alerts/enabled-rules-cache';
import { flushAlertThrottle } from '@/server/alerts/flush-alert-throttle';
import { processRunEnded } from '@/server/alerts/process-run-ended';
import { pruneAlertDeliveries } from '@/server/alerts/prune-alert-deliveries';
import { requeueStuckDeliveries } from '@/server/alerts/requeue-stuck-deliveries';
import { env } from '@/server/env';
import { logger } from '@/server/log/logger';
import { closeAlertQueue } from '@/server/queue/alert-queue';
import { createRedis } from '@/server/queue/connection';
import { alertJobSchema, QUEUE } from '@/server/queue/queues';

/** A receiver's refusal: BullMQ tries again after the delivery's backoff. */
class DeliveryNotYet extends Error {}

async function processAlertJob(job: Job): Promise<unknown> {
  const parsed = alertJobSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`malformed alerts job: ${parsed.error.message}`);
  const data = parsed.data;
  switch (data.kind) {
    case 'run-ended':
      return processRunEnded(data.subject, data.id);
    case 'flush':
      return flushAlertThrottle(data.ruleId, data.targetKey);
    case 'deliver': {
      const lastTry = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const r = await deliverAlert(data.deliveryId, { lastTry });
      if (r.outcome === 'retry') throw new DeliveryNotYet(r.error ?? 'not delivered');
      return r;
    }
  }
}

export interface AlertConsumer {
  close(): Promise<void>;
}

/**
 * The alerts queue's consumer: evaluates run ends, sends messages, flushes throttle windows. Its
 * work never touches a run: runs only ever enqueue here, after their final state is committed.
 */
export async function startAlertConsumer(opts: { concurrency?: number } = {}): Promise<AlertConsumer> {
  const log = logger();
  const rules = await listenForRuleChanges();
  const worker = new Worker(QUEUE.alerts, processAlertJob, {
    connection: createRedis(),
    prefix: env().QUEUE_PREFIX,
    // Deliveries wait on receivers (up to 10 s each): enough of them at once that a slow robot
    // does not hold up the others.
    concurrency: opts.concurrency ?? 8,
  });
  worker.on('error', (err) => log.error({ err }, 'alerts queue error'));
  worker.on('failed', (job, err) => {
    if (err instanceof DeliveryNotYet)
      log.info({ jobId: job?.id, attempts: job?.attemptsMade, reason: err.message }, 'alert delivery failed; retrying');
    else log.warn({ jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, 'alerts job failed');
  });
  const sweep = setInterval(() => {
    requeueStuckDeliveries()
      .then(() => pruneAlertDeliveries())
      .catch((err: unknown) => log.warn({ err }, 'alert delivery sweep failed'));
  }, 60_000);
  sweep.unref();
  return {
    async close() {
      clearInterval(sweep);
      rules.close();
      await worker.close();
      // Runs that ended just before the stop still hand their end over (never after the queue closed).
      await settleRunEndedEmits();
      await closeAlertQueue();
    },
  };
}
