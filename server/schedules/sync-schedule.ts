import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { schedules } from '@/db/schema';
import { logger } from '@/server/log/logger';
import {
  listScheduleJobs,
  removeScheduleJob,
  upsertScheduleJob,
  scheduleJobExists,
  type MirroredScheduler,
} from '@/server/queue/schedule-queue';
import type { ScheduleRow } from './schedule-dto';

const shouldFire = (row: ScheduleRow, now = Date.now()) => row.enabled && (!row.endAt || row.endAt.getTime() > now);

const mirrorOf = (row: ScheduleRow) => ({
  scheduleId: row.id,
  pattern: row.cronExpression,
  tz: row.timezone,
  startDate: row.startAt,
  endDate: row.endAt,
});

/** Makes BullMQ hold exactly what the row says: a job scheduler when it should fire, none otherwise. */
export async function mirrorSchedule(row: ScheduleRow): Promise<void> {
  if (shouldFire(row)) await upsertScheduleJob(mirrorOf(row));
  else await removeScheduleJob(row.id);
}

/**
 * For services after a change: the row is already committed (the truth), so a Redis failure here is
 * logged, not thrown; the worker's periodic reconciliation brings BullMQ back in line.
 */
export async function mirrorScheduleSafely(row: ScheduleRow | { id: string; deleted: true }): Promise<void> {
  try {
    if ('deleted' in row) await removeScheduleJob(row.id);
    else await mirrorSchedule(row);
  } catch (err) {
    logger().warn({ err, scheduleId: row.id }, 'could not mirror schedule into the queue; reconciliation will retry');
  }
}

function differs(m: MirroredScheduler, row: ScheduleRow): boolean {
  return (
    m.pattern !== row.cronExpression ||
    m.tz !== row.timezone ||
    (m.startDate?.getTime() ?? null) !== (row.startAt?.getTime() ?? null) ||
    (m.endDate?.getTime() ?? null) !== (row.endAt?.getTime() ?? null)
  );
}

export interface ReconcileResult {
  upserted: string[];
  removed: string[];
}

/**
 * Brings the queue in line with the table. `full` (at worker start) upserts every schedule that
 * should fire; otherwise only those whose scheduler is missing, different, or lost its next job.
 * Schedulers without a row that should fire are removed either way.
 */
export async function reconcileSchedules(opts: { full?: boolean } = {}): Promise<ReconcileResult> {
  const rows = await db().select().from(schedules).where(eq(schedules.enabled, true));
  const mirrored = new Map((await listScheduleJobs()).map((m) => [m.scheduleId, m]));
  const result: ReconcileResult = { upserted: [], removed: [] };
  const now = Date.now();
  for (const row of rows) {
    if (!shouldFire(row, now)) continue;
    const m = mirrored.get(row.id);
    mirrored.delete(row.id);
    const healthy = m && !differs(m, row) && m.next != null && (await scheduleJobExists(row.id, m.next));
    if (opts.full || !healthy) {
      await upsertScheduleJob(mirrorOf(row));
      result.upserted.push(row.id);
    }
  }
  for (const id of mirrored.keys()) {
    await removeScheduleJob(id);
    result.removed.push(id);
  }
  return result;
}
