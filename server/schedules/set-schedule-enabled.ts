import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { schedules } from '@/db/schema';
import type { Actor, RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { AppError } from '@/server/errors/app-error';
import { toScheduleDtos } from './get-schedule';
import type { ScheduleDto } from './schedules.schema';
import { mirrorScheduleSafely } from './sync-schedule';
import { coded } from '@/server/messages/messages.shared';

/** Pause (no tick fires; the queue holds no scheduler) or resume (fires from the next tick on). */
export async function setScheduleEnabled(opts: {
  actor: Actor;
  id: string;
  enabled: boolean;
  meta?: RequestMeta;
}): Promise<ScheduleDto> {
  assertCan(opts.actor, 'schedule.write');
  const row = await db().transaction(async (tx) => {
    const [r] = await tx
      .update(schedules)
      .set({ enabled: opts.enabled, updatedAt: new Date() })
      .where(eq(schedules.id, opts.id))
      .returning();
    if (!r) throw AppError.notFound('schedule', opts.id);
    await writeAudit(
      {
        actor: opts.actor,
        action: opts.enabled ? 'schedule.resume' : 'schedule.pause',
        entityType: 'schedule',
        entityId: r.id,
        summary: coded(opts.enabled ? 'audit.schedule_resumed' : 'audit.schedule_paused', { name: r.name }),
        meta: opts.meta,
      },
      tx,
    );
    return r;
  });
  await mirrorScheduleSafely(row);
  return (await toScheduleDtos([row]))[0]!;
}
