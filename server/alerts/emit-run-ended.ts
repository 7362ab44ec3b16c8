import { logger } from '@/server/log/logger';
import { enqueueAlertJob } from '@/server/queue/alert-queue';
import { enabledRuleEvents } from './enabled-rules-cache';
import { statusMayAlert } from './match-rules';

const inFlight = new Set<Promise<void>>();

/**
 * Called where a run's final state has been committed. Fire-and-forget: the caller never awaits
 * it and it never throws, so an alert can neither delay, fail nor change a run. Costs one cached
 * lookup, and one enqueue only when an enabled rule listens for an event this status can be.
 */
export function emitRunEnded(run: {
  subject: 'execution' | 'workflow_run';
  id: string;
  status: string;
}): Promise<void> {
  const p = (async () => {
    try {
      if (!statusMayAlert(run.status, await enabledRuleEvents())) return;
      await enqueueAlertJob({ kind: 'run-ended', subject: run.subject, id: run.id });
    } catch (err) {
      logger().warn(
        { err: (err as Error).message, runId: run.id },
        'alert evaluation not enqueued; the run is unaffected',
      );
    }
  })();
  inFlight.add(p);
  void p.finally(() => inFlight.delete(p));
  return p;
}

/** At shutdown, before the queue and the database close: the emits already started finish. */
export async function settleRunEndedEmits(): Promise<void> {
  await Promise.all([...inFlight]);
}
