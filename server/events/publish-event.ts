import { and, eq, isNotNull } from 'drizzle-orm';
import { db } from '@/db/client';
import { events, triggers } from '@/db/schema';
import { actorLabel, type Actor, type RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { AppError } from '@/server/errors/app-error';
import { deliverToTrigger } from '@/server/triggers/deliver-event';
import { patternMatches } from '@/server/triggers/matching';
import { publishEventInput, type DeliveryDto, type PublishEventDto, type PublishEventInput } from './events.schema';
import { coded } from '@/server/messages/messages.shared';

/**
 * POST /api/v1/events and the UI's "send test event": the event is stored first, then every
 * enabled trigger whose pattern matches its type gets it (filter, mapping, target). The answer
 * lists the runs started; an event that matched nothing is still stored.
 */
export async function publishEvent(opts: {
  actor: Actor;
  input: PublishEventInput;
  meta?: RequestMeta;
}): Promise<PublishEventDto> {
  assertCan(opts.actor, 'event.publish');
  const parsed = publishEventInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const input = parsed.data;
  const [event] = await db()
    .insert(events)
    .values({
      kind: 'event',
      type: input.type,
      source: input.source ?? null,
      payload: input.payload ?? null,
      publishedBy: actorLabel(opts.actor),
    })
    .returning();
  const candidates = await db()
    .select()
    .from(triggers)
    .where(and(eq(triggers.enabled, true), isNotNull(triggers.eventPattern)));
  const ctx = { id: event!.id, type: input.type, source: input.source ?? null, payload: input.payload };
  const deliveries: DeliveryDto[] = [];
  for (const t of candidates) {
    if (!patternMatches(t.eventPattern!, input.type)) continue;
    deliveries.push(await deliverToTrigger(t, ctx, 'event'));
  }
  if (deliveries.length) await db().update(events).set({ deliveries }).where(eq(events.id, event!.id));
  const started = deliveries.filter((d) => d.run_id);
  await writeAudit({
    actor: opts.actor,
    action: 'event.publish',
    entityType: 'event',
    entityId: event!.id,
    summary: coded('audit.event_published', { type: input.type, matched: deliveries.length, runs: started.length }),
    meta: opts.meta,
  });
  return {
    event_id: event!.id,
    type: event!.type,
    source: event!.source,
    received_at: event!.receivedAt.toISOString(),
    executions: started.map((d) => ({
      trigger_id: d.trigger_id,
      trigger_name: d.trigger_name,
      kind: d.run_kind!,
      id: d.run_id!,
      status: d.run_status ?? 'queued',
    })),
    deliveries,
  };
}
