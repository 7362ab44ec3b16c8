import { eq } from 'drizzle-orm';
import { db, type DbOrTx } from '@/db/client';
import { schedules } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { AppError } from '@/server/errors/app-error';
import { runStatuses, targetNames } from '@/server/triggers/start-target';
import { toScheduleDto, type ScheduleRow } from './schedule-dto';
import type { ScheduleDto } from './schedules.schema';

export async function getScheduleRow(
  id: string,
  tx: DbOrTx = db(),
  opts: { forUpdate?: boolean } = {},
): Promise<ScheduleRow> {
  const q = tx.select().from(schedules).where(eq(schedules.id, id)).limit(1);
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  if (!row) throw AppError.notFound('schedule', id);
  return row;
}

/** DTOs with target names and the status of each schedule's last run. */
export async function toScheduleDtos(rows: ScheduleRow[]): Promise<ScheduleDto[]> {
  const [names, statuses] = await Promise.all([
    targetNames(rows.map((r) => ({ type: r.targetType, id: r.targetId }))),
    runStatuses(
      rows
        .filter((r) => r.lastExecutionId)
        .map((r) => ({
          kind: r.targetType === 'script' ? ('execution' as const) : ('workflow_run' as const),
          id: r.lastExecutionId!,
        })),
    ),
  ]);
  const now = new Date();
  return rows.map((r) =>
    toScheduleDto(r, {
      targetName: names.get(`${r.targetType}:${r.targetId}`) ?? null,
      lastRunStatus: r.lastExecutionId ? (statuses.get(r.lastExecutionId) ?? null) : null,
      now,
    }),
  );
}

export async function getSchedule(opts: { actor: Actor; id: string }): Promise<ScheduleDto> {
  assertCan(opts.actor, 'schedule.read');
  const [dto] = await toScheduleDtos([await getScheduleRow(opts.id)]);
  return dto!;
}
