import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { schedules } from '@/db/schema';
import { removeScheduleJob } from '@/server/queue/schedule-queue';
import { mirrorSchedule } from './sync-schedule';

/** Re-reads one row and makes its mirror match (a tick arrived for a deleted or paused schedule). */
export async function resyncSchedule(scheduleId: string): Promise<void> {
  const [row] = await db().select().from(schedules).where(eq(schedules.id, scheduleId)).limit(1);
  if (!row) await removeScheduleJob(scheduleId);
  else await mirrorSchedule(row);
}
