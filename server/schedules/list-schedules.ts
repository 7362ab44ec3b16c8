import { and, asc, eq, ilike, sql, type SQL } from 'drizzle-orm';
import { containsPattern } from '@/db/like-pattern';
import { db } from '@/db/client';
import { schedules } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { AppError } from '@/server/errors/app-error';
import type { Page } from '@/server/scripts/list-scripts';
import { toScheduleDtos } from './get-schedule';
import { listSchedulesInput, type ListSchedulesInput, type ScheduleDto } from './schedules.schema';

export async function listSchedules(opts: { actor: Actor; input: ListSchedulesInput }): Promise<Page<ScheduleDto>> {
  assertCan(opts.actor, 'schedule.read');
  const parsed = listSchedulesInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const q = parsed.data;
  const where: SQL[] = [];
  if (q.target_type) where.push(eq(schedules.targetType, q.target_type));
  if (q.target_id) where.push(eq(schedules.targetId, q.target_id));
  if (q.enabled) where.push(eq(schedules.enabled, q.enabled === 'true'));
  if (q.search) where.push(ilike(schedules.name, containsPattern(q.search)));
  const condition = where.length ? and(...where) : undefined;
  const [rows, [count]] = await Promise.all([
    db()
      .select()
      .from(schedules)
      .where(condition)
      .orderBy(asc(sql`lower(${schedules.name})`), asc(schedules.id))
      .limit(q.page_size)
      .offset((q.page - 1) * q.page_size),
    db()
      .select({ n: sql<number>`count(*)::int` })
      .from(schedules)
      .where(condition),
  ]);
  const total = count?.n ?? 0;
  return {
    items: await toScheduleDtos(rows),
    total,
    page: q.page,
    page_size: q.page_size,
    pages: Math.max(1, Math.ceil(total / q.page_size)),
  };
}
