import { Queue } from 'bullmq';
import { env } from '@/server/env';
import { FAIL_FAST, createRedis } from './connection';
import { QUEUE, scheduleJobSchema } from './queues';

let queue: Queue | undefined;

export function scheduleQueue(): Queue {
  if (!queue) {
    queue = new Queue(QUEUE.schedules, { connection: createRedis(FAIL_FAST), prefix: env().QUEUE_PREFIX });
    // Connection errors (Redis restarting) surface through the calls that fail; unheard they would be printed.
    queue.on('error', () => undefined);
  }
  return queue;
}

/** What the BullMQ job scheduler mirrors from one `schedules` row. */
export interface ScheduleMirror {
  scheduleId: string;
  pattern: string;
  tz: string;
  startDate: Date | null;
  endDate: Date | null;
}

export interface MirroredScheduler extends ScheduleMirror {
  /** Epoch ms of the next tick BullMQ holds, when it holds one. */
  next: number | null;
}

/**
 * Creates or replaces the job scheduler whose id is the schedule id. Each tick becomes one job
 * whose id is `repeat:<scheduleId>:<fire epoch ms>`, so a tick can only exist once in the queue.
 */
export async function upsertScheduleJob(m: ScheduleMirror): Promise<void> {
  const data = scheduleJobSchema.parse({ scheduleId: m.scheduleId });
  await scheduleQueue().upsertJobScheduler(
    m.scheduleId,
    { pattern: m.pattern, tz: m.tz, startDate: m.startDate ?? undefined, endDate: m.endDate ?? undefined },
    {
      name: 'fire',
      data,
      opts: {
        // An infrastructure failure (database down) is retried; the idempotency key of the tick
        // makes a retry start the run at most once.
        attempts: 5,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: { age: 3600, count: 1000 },
        removeOnFail: { age: 24 * 3600, count: 1000 },
      },
    },
  );
}

export async function removeScheduleJob(scheduleId: string): Promise<void> {
  await scheduleQueue().removeJobScheduler(scheduleId);
}

export async function listScheduleJobs(): Promise<MirroredScheduler[]> {
  const all = await scheduleQueue().getJobSchedulers(0, -1, true);
  return all.map((s) => ({
    scheduleId: s.key,
    pattern: s.pattern ?? '',
    tz: s.tz ?? 'UTC',
    startDate: s.startDate ? new Date(s.startDate) : null,
    endDate: s.endDate ? new Date(s.endDate) : null,
    next: s.next ?? null,
  }));
}

/** Whether the job for a scheduler's next tick is really in the queue (delayed, waiting or taken). */
export async function scheduleJobExists(scheduleId: string, next: number): Promise<boolean> {
  return !!(await scheduleQueue().getJob(`repeat:${scheduleId}:${next}`));
}

/** The tick a scheduler job stands for: its id is `repeat:<scheduler id>:<fire epoch ms>`. */
export function fireTimeOfJob(job: { id?: string; opts: { prevMillis?: number }; timestamp: number }): number {
  const fromId = Number(job.id?.split(':').pop());
  if (Number.isFinite(fromId) && fromId > 0) return fromId;
  return job.opts.prevMillis ?? job.timestamp;
}

export async function closeScheduleQueue(): Promise<void> {
  const q = queue;
  queue = undefined;
  await q?.close();
}
