import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { alertRules } from '@/db/schema';
import { logger } from '@/server/log/logger';
import { createRedis, isAway, publisher } from '@/server/queue/connection';
import type { AlertEvent } from './alerts.schema';

/** Redis channel on which a rule change tells every process to forget its summary. */
const RULES_CHANGED = 'vss:alerts:rules-changed';
/** A lost invalidation (Redis away) is repaired after this long at the latest. */
const MAX_AGE_MS = 30_000;

let cached: { at: number; events: ReadonlySet<AlertEvent> } | undefined;
let loading: Promise<ReadonlySet<AlertEvent>> | undefined;

/**
 * The events any enabled rule listens for, cached per process: a run's end costs no query and no
 * enqueue at all while no rule could care about it. Refreshed on a rule change (pub/sub) and
 * every 30 s.
 */
export async function enabledRuleEvents(): Promise<ReadonlySet<AlertEvent>> {
  if (cached && Date.now() - cached.at < MAX_AGE_MS) return cached.events;
  loading ??= (async () => {
    try {
      const rows = await db()
        .select({ events: alertRules.events })
        .from(alertRules)
        .where(eq(alertRules.enabled, true));
      const events = new Set(rows.flatMap((r) => r.events as AlertEvent[]));
      cached = { at: Date.now(), events };
      return events;
    } finally {
      loading = undefined;
    }
  })();
  return loading;
}

export function forgetEnabledRules(): void {
  cached = undefined;
}

/** After a rule is written: this process forgets at once, the others when the message arrives. */
export async function announceRulesChanged(): Promise<void> {
  forgetEnabledRules();
  if (isAway(publisher())) return;
  await publisher()
    .publish(RULES_CHANGED, '1')
    .catch((err: unknown) => logger().warn({ err }, 'alert rule change not announced'));
}

/** In processes that emit run ends (workers): forget the summary whenever a rule changes. */
export async function listenForRuleChanges(): Promise<{ close(): void }> {
  const sub = createRedis();
  await sub.subscribe(RULES_CHANGED);
  sub.on('message', () => forgetEnabledRules());
  // A message missed while disconnected: forget on reconnect too.
  sub.on('ready', () => forgetEnabledRules());
  return { close: () => sub.disconnect() };
}
