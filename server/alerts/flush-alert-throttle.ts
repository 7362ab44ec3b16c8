import { and, eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { alertRules, alertThrottles } from '@/db/schema';
import { enqueueAlertJob } from '@/server/queue/alert-queue';
import { decideThrottle } from './match-rules';
import { recordDeliveries } from './record-deliveries';
import type { AlertFacts } from './render-alert';

/**
 * At the end of a throttle window: alerts held back since the last message, and not yet carried by
 * a newer one, go out as one summary (about the newest held-back run). Idempotent: a second flush
 * finds nothing held back.
 */
export async function flushAlertThrottle(ruleId: string, targetKey: string): Promise<{ deliveries: number }> {
  const now = new Date();
  const result = await db().transaction(async (tx) => {
    const [rule] = await tx.select().from(alertRules).where(eq(alertRules.id, ruleId)).limit(1);
    const [state] = await tx
      .select()
      .from(alertThrottles)
      .where(and(eq(alertThrottles.ruleId, ruleId), eq(alertThrottles.targetKey, targetKey)))
      .for('update');
    if (!rule || !state || state.suppressedCount === 0 || !state.lastSuppressed) return { ids: [], retryAt: null };
    const decision = decideThrottle(state.lastSentAt, rule.throttleMinutes, now);
    if (!decision.send) return { ids: [], retryAt: decision.windowEnd }; // woke early (clock skew between workers)
    const last = state.lastSuppressed as AlertFacts;
    const facts: AlertFacts = {
      ...last,
      event: 'summary',
      rule: { id: rule.id, name: rule.name },
      suppressed: {
        count: state.suppressedCount,
        events: state.suppressedEvents as Record<string, number>,
        since: state.suppressedSince?.toISOString() ?? null,
      },
    };
    await tx
      .update(alertThrottles)
      .set({ lastSentAt: now, suppressedCount: 0, suppressedEvents: {}, suppressedSince: null, lastSuppressed: null })
      .where(and(eq(alertThrottles.ruleId, ruleId), eq(alertThrottles.targetKey, targetKey)));
    return { ids: rule.enabled ? await recordDeliveries(tx, rule, facts, targetKey) : [], retryAt: null };
  });
  for (const deliveryId of result.ids) await enqueueAlertJob({ kind: 'deliver', deliveryId });
  if (result.retryAt !== null) {
    await enqueueAlertJob(
      { kind: 'flush', ruleId, targetKey, windowEnd: result.retryAt },
      { delayMs: Math.max(0, result.retryAt - Date.now()) },
    );
  }
  return { deliveries: result.ids.length };
}
