import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { triggers } from '@/db/schema';
import { AppError } from '@/server/errors/app-error';
import { logger } from '@/server/log/logger';
import type { DeliveryDto } from '@/server/events/events.schema';
import { buildInput, filterMatches, type EventContext } from './matching';
import { ownerActor } from './owner-actor';
import { startTarget } from './start-target';

export type TriggerRow = typeof triggers.$inferSelect;

/**
 * Runs one stored event through one trigger: filter, input mapping, then the target, as the
 * trigger's owner. Never throws: every outcome (filtered, refused by a rule, failed) is a delivery
 * record, so one broken trigger cannot stop an event from reaching the others.
 */
export async function deliverToTrigger(
  trigger: TriggerRow,
  event: EventContext & { id: string },
  via: 'event' | 'webhook',
): Promise<DeliveryDto> {
  const base = {
    trigger_id: trigger.id,
    trigger_name: trigger.name,
    run_kind: null,
    run_id: null,
    run_status: null,
    error: null,
  };
  const filter = filterMatches(trigger.filter, event);
  if (!filter.matched) return { ...base, outcome: 'filtered', error: filter.error };
  try {
    const input = buildInput(trigger.parameterMapping as Record<string, string> | null, event);
    const actor = await ownerActor(trigger.ownerId);
    const run = await startTarget({
      actor,
      target: { type: trigger.targetType, id: trigger.targetId },
      input,
      environment: trigger.environmentVars as Record<string, string>,
      trigger: via,
      triggerRef: event.id,
      idempotencyKey: `${via}:${event.id}:${trigger.id}`,
    });
    await db().update(triggers).set({ lastFiredAt: new Date() }).where(eq(triggers.id, trigger.id));
    return {
      ...base,
      outcome: run.created ? 'started' : 'duplicate',
      run_kind: run.kind,
      run_id: run.id,
      run_status: run.status,
    };
  } catch (err) {
    if (err instanceof AppError) return { ...base, outcome: 'refused', error: err.message };
    logger().error({ err, triggerId: trigger.id, eventId: event.id }, 'event delivery failed');
    return { ...base, outcome: 'error', error: 'internal error while starting the target' };
  }
}
