import { asc, ilike, sql } from 'drizzle-orm';
import { containsPattern } from '@/db/like-pattern';
import { db } from '@/db/client';
import { triggers } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { AppError } from '@/server/errors/app-error';
import type { Page } from '@/server/scripts/list-scripts';
import { toTriggerDtos } from './trigger-dto';
import { listTriggersInput, type ListTriggersInput, type TriggerDto } from './triggers.schema';

export async function listTriggers(opts: { actor: Actor; input: ListTriggersInput }): Promise<Page<TriggerDto>> {
  assertCan(opts.actor, 'trigger.read');
  const parsed = listTriggersInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const q = parsed.data;
  const condition = q.search ? ilike(triggers.name, containsPattern(q.search)) : undefined;
  const [rows, [count]] = await Promise.all([
    db()
      .select()
      .from(triggers)
      .where(condition)
      .orderBy(asc(sql`lower(${triggers.name})`), asc(triggers.id))
      .limit(q.page_size)
      .offset((q.page - 1) * q.page_size),
    db()
      .select({ n: sql<number>`count(*)::int` })
      .from(triggers)
      .where(condition),
  ]);
  const total = count?.n ?? 0;
  return {
    items: await toTriggerDtos(rows),
    total,
    page: q.page,
    page_size: q.page_size,
    pages: Math.max(1, Math.ceil(total / q.page_size)),
  };
}
