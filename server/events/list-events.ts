import { and, desc, eq, or, sql, type SQL } from 'drizzle-orm';
import { db } from '@/db/client';
import { events } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { AppError } from '@/server/errors/app-error';
import type { Page } from '@/server/scripts/list-scripts';
import { toEventDtos } from './event-dto';
import { listEventsInput, type EventDto, type ListEventsInput } from './events.schema';

/** Recent events, newest first; with trigger_id, the webhook deliveries and events that reached it. */
export async function listEvents(opts: { actor: Actor; input: ListEventsInput }): Promise<Page<EventDto>> {
  assertCan(opts.actor, 'trigger.read');
  const parsed = listEventsInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const q = parsed.data;
  const where: SQL[] = [];
  if (q.trigger_id) {
    where.push(
      or(
        eq(events.triggerId, q.trigger_id),
        sql`${events.deliveries} @> ${JSON.stringify([{ trigger_id: q.trigger_id }])}::jsonb`,
      )!,
    );
  }
  if (q.type) where.push(eq(events.type, q.type));
  const condition = where.length ? and(...where) : undefined;
  const [rows, [count]] = await Promise.all([
    db()
      .select()
      .from(events)
      .where(condition)
      .orderBy(desc(events.receivedAt), desc(events.id))
      .limit(q.page_size)
      .offset((q.page - 1) * q.page_size),
    db()
      .select({ n: sql<number>`count(*)::int` })
      .from(events)
      .where(condition),
  ]);
  const total = count?.n ?? 0;
  return {
    items: await toEventDtos(rows),
    total,
    page: q.page,
    page_size: q.page_size,
    pages: Math.max(1, Math.ceil(total / q.page_size)),
  };
}
