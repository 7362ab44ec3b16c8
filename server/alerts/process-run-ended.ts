import { and, eq, or, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { alertRules, alertThrottles } from '@/db/schema';
import { logger } from '@/server/log/logger';
import { enqueueAlertJob } from '@/server/queue/alert-queue';
import type { AlertEvent } from './alerts.schema';
import { loadEndedRun, type LoadedRun } from './load-ended-run';
import { decideThrottle, eventFor, ruleCoversRun } from './match-rules';
import { recordDeliveries } from './record-deliveries';
import type { AlertFacts } from './render-alert';
import type { RuleRow } from './rule-dto';

export const targetKeyOf = (run: LoadedRun) => `${run.run.subject.kind}:${run.run.subject.id}`;

/** Enabled rules that could cover this run (the exact match is ruleCoversRun). */
async function candidateRules(run: LoadedRun): Promise<RuleRow[]> {
  const s = run.run.subject;
  const covers =
    s.kind === 'script'
      ? or(
          eq(alertRules.targetType, 'all'),
          and(eq(alertRules.targetType, 'script'), eq(alertRules.targetId, s.id)),
          s.tags.length
            ? and(
                eq(alertRules.targetType, 'tag'),
                sql`${alertRules.targetTag} = any(${sql.param([...s.tags])}::text[])`,
              )
            : undefined,
        )
      : or(eq(alertRules.targetType, 'all'), and(eq(alertRules.targetType, 'workflow'), eq(alertRules.targetId, s.id)));
  const rows = await db()
    .select()
    .from(alertRules)
    .where(and(eq(alertRules.enabled, true), covers));
  return rows.filter((r) => ruleCoversRun(r, run.run));
}

/**
 * Decides, under the throttle row's lock, whether this rule's message goes out now (deliveries are
 * recorded, with a summary of what was held back) or is held back (counted; a flush job at the
 * window's end summarises it if nothing else goes out before).
 */
async function alertThroughRule(
  rule: RuleRow,
  event: AlertEvent,
  run: LoadedRun,
): Promise<{ deliveries: string[]; flushAt: number | null }> {
  const targetKey = targetKeyOf(run);
  const now = new Date();
  const base: AlertFacts = {
    ...run.facts,
    event,
    rule: { id: rule.id, name: rule.name },
    slow_seconds: rule.slowSeconds,
  };
  // Read before the transaction: a message never waits on the log table under a lock.
  const tail = await run.outputTail();
  return db().transaction(async (tx) => {
    await tx.insert(alertThrottles).values({ ruleId: rule.id, targetKey }).onConflictDoNothing();
    const [state] = await tx
      .select()
      .from(alertThrottles)
      .where(and(eq(alertThrottles.ruleId, rule.id), eq(alertThrottles.targetKey, targetKey)))
      .for('update');
    const decision = decideThrottle(state!.lastSentAt, rule.throttleMinutes, now);
    const facts: AlertFacts = { ...base, output_tail: tail };
    if (!decision.send) {
      const events = { ...(state!.suppressedEvents as Record<string, number>) };
      events[event] = (events[event] ?? 0) + 1;
      await tx
        .update(alertThrottles)
        .set({
          suppressedCount: state!.suppressedCount + 1,
          suppressedEvents: events,
          suppressedSince: state!.suppressedSince ?? now,
          lastSuppressed: facts,
        })
        .where(and(eq(alertThrottles.ruleId, rule.id), eq(alertThrottles.targetKey, targetKey)));
      return { deliveries: [], flushAt: decision.windowEnd };
    }
    if (state!.suppressedCount > 0) {
      facts.suppressed = {
        count: state!.suppressedCount,
        events: state!.suppressedEvents as Record<string, number>,
        since: state!.suppressedSince?.toISOString() ?? null,
      };
    }
    await tx
      .update(alertThrottles)
      .set({ lastSentAt: now, suppressedCount: 0, suppressedEvents: {}, suppressedSince: null, lastSuppressed: null })
      .where(and(eq(alertThrottles.ruleId, rule.id), eq(alertThrottles.targetKey, targetKey)));
    return { deliveries: await recordDeliveries(tx, rule, facts, targetKey), flushAt: null };
  });
}

/** The alerts consumer's work for one run's end: which rules speak, throttled, and their deliveries queued. */
export async function processRunEnded(
  subject: 'execution' | 'workflow_run',
  id: string,
): Promise<{ deliveries: number; held: number }> {
  const run = await loadEndedRun(subject, id);
  if (!run) return { deliveries: 0, held: 0 };
  const rules = await candidateRules(run);
  if (!rules.length) return { deliveries: 0, held: 0 };
  const needsHistory = run.run.status === 'succeeded' && rules.some((r) => r.events.includes('recovered'));
  const previousFailed = needsHistory ? await run.previousFailed() : false;
  let deliveries = 0;
  let held = 0;
  for (const rule of rules) {
    const event = eventFor(rule, run.run, previousFailed);
    if (!event) continue;
    const r = await alertThroughRule(rule, event, run);
    for (const deliveryId of r.deliveries) await enqueueAlertJob({ kind: 'deliver', deliveryId });
    deliveries += r.deliveries.length;
    if (r.flushAt !== null) {
      held++;
      await enqueueAlertJob(
        { kind: 'flush', ruleId: rule.id, targetKey: targetKeyOf(run), windowEnd: r.flushAt },
        { delayMs: Math.max(0, r.flushAt - Date.now()) },
      );
    }
  }
  if (deliveries || held) logger().debug({ subject, id, deliveries, held }, 'alerts evaluated');
  return { deliveries, held };
}
