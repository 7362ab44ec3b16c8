import { Worker } from 'bullmq';
import { env } from '@/server/env';
import { logger } from '@/server/log/logger';
import { createRedis } from '@/server/queue/connection';
import { QUEUE, scheduleJobSchema } from '@/server/queue/queues';
import { closeScheduleQueue, fireTimeOfJob } from '@/server/queue/schedule-queue';
import { fireSchedule } from '@/server/schedules/fire-schedule';
import { resyncSchedule } from '@/server/schedules/resync-schedule';
import { reconcileSchedules } from '@/server/schedules/sync-schedule';

export interface ScheduleConsumer {
  /** Brings the queue's job schedulers in line with the schedules table now. */
  reconcile(opts?: { full?: boolean }): Promise<void>;
  close(): Promise<void>;
}

const RECONCILE_INTERVAL_MS = 30_000;

/**
 * Consumes schedule ticks. Every worker runs one; BullMQ hands each tick (one job, id
 * `repeat:<schedule>:<fire ms>`) to exactly one of them. At start the table is mirrored into the
 * queue (every enabled schedule upserted, schedulers without an enabled row removed), then checked
 * every 30 s so a scheduler lost in Redis comes back instead of the schedule stopping silently.
 */
export async function startScheduleConsumer(): Promise<ScheduleConsumer> {
  const log = logger();
  const worker = new Worker(
    QUEUE.schedules,
    async (job) => {
      const { scheduleId } = scheduleJobSchema.parse(job.data);
      const fireAt = fireTimeOfJob(job);
      const result = await fireSchedule({ scheduleId, fireAt });
      if (result.outcome === 'gone' || result.outcome === 'paused') await resyncSchedule(scheduleId);
      log.info({ scheduleId, fireAt: new Date(fireAt).toISOString(), ...result }, 'schedule tick');
      return result;
    },
    { connection: createRedis(), prefix: env().QUEUE_PREFIX, concurrency: 4 },
  );
  worker.on('error', (err) => log.error({ err }, 'schedules queue error'));
  worker.on('failed', (job, err) =>
    log.warn({ jobId: job?.id, reason: err.message }, 'schedule tick failed; BullMQ retries it'),
  );

  const reconcile = async (opts: { full?: boolean } = {}) => {
    const r = await reconcileSchedules(opts);
    if (r.upserted.length || r.removed.length)
      log.info({ upserted: r.upserted.length, removed: r.removed.length, full: !!opts.full }, 'schedules reconciled');
  };
  await reconcile({ full: true }).catch((err) =>
    log.error({ err }, 'schedule reconciliation at start failed; retrying periodically'),
  );
  const timer = setInterval(
    () => void reconcile().catch((err) => log.warn({ err }, 'schedule reconciliation failed')),
    RECONCILE_INTERVAL_MS,
  );
  timer.unref();

  return {
    reconcile,
    async close() {
      clearInterval(timer);
      await worker.close();
      await closeScheduleQueue();
    },
  };
}
