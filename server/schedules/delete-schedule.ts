import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { schedules } from '@/db/schema';
import type { Actor, RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { AppError } from '@/server/errors/app-error';
import { mirrorScheduleSafely } from './sync-schedule';
import { coded } from '@/server/messages/messages.shared';

/** Runs it started stay in the history (their trigger_ref keeps the schedule id). */
export async function deleteSchedule(opts: {
  actor: Actor;
  id: string;
  meta?: RequestMeta;
}): Promise<{ id: string; deleted: true }> {
  assertCan(opts.actor, 'schedule.write');
  await db().transaction(async (tx) => {
    const [r] = await tx.delete(schedules).where(eq(schedules.id, opts.id)).returning();
    if (!r) throw AppError.notFound('schedule', opts.id);
    await writeAudit(
      {
        actor: opts.actor,
        action: 'schedule.delete',
        entityType: 'schedule',
        entityId: r.id,
        summary: coded('audit.deleted', { name: r.name }),
        meta: opts.meta,
      },
      tx,
    );
  });
  await mirrorScheduleSafely({ id: opts.id, deleted: true });
  return { id: opts.id, deleted: true };
}
