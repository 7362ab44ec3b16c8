import { logger } from '@/server/log/logger';
import { redis } from '@/server/queue/connection';
import { applyRetention } from './apply-retention';
import { rollupPending } from './record-final-rollup';

const LOCK_KEY = 'vss:stats-maintenance-lock';
const LOCK_SECONDS = 300;

/**
 * One pass of statistics upkeep, by one worker at a time (Redis lock, like the reconciler): add
 * final runs the rollups missed, then delete executions past RETENTION_DAYS. Returns null when
 * another worker holds the lock.
 */
export async function statsMaintenanceOnce(workerId: string): Promise<{ rolledUp: number; deleted: number } | null> {
  const got = await redis().set(LOCK_KEY, workerId, 'EX', LOCK_SECONDS, 'NX');
  if (!got) return null;
  try {
    const rolledUp = await rollupPending();
    if (rolledUp) logger().info({ rolledUp }, 'maintenance added missed runs to the statistics rollups');
    const retention = await applyRetention({ timeBudgetMs: (LOCK_SECONDS - 60) * 1000 });
    return { rolledUp, deleted: retention.executions };
  } finally {
    // Only our own lock: it may have expired and been taken by another worker meanwhile.
    const holder = await redis()
      .get(LOCK_KEY)
      .catch(() => null);
    if (holder === workerId)
      await redis()
        .del(LOCK_KEY)
        .catch(() => undefined);
  }
}

/** Runs statsMaintenanceOnce now and then every `intervalMs`; stop() ends it. */
export function startStatsMaintenance(workerId: string, intervalMs = 60_000): { stop(): Promise<void> } {
  let current: Promise<void> | null = null;
  const tick = () => {
    current ??= statsMaintenanceOnce(workerId)
      .then(() => undefined)
      .catch((err) => logger().warn({ err }, 'statistics maintenance failed; retrying next interval'))
      .finally(() => {
        current = null;
      });
  };
  const first = setTimeout(tick, 5_000);
  const timer = setInterval(tick, intervalMs);
  return {
    /** Stops the timer and waits for a pass in progress, so connections can then be closed. */
    async stop() {
      clearTimeout(first);
      clearInterval(timer);
      await current;
    },
  };
}
