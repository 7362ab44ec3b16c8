import { logger } from '@/server/log/logger';
import { rollupPending } from './record-final-rollup';

/** How long a finished run may wait before it shows in the statistics rollups. */
export const ROLLUP_DELAY_MS = 200;

let timer: NodeJS.Timeout | null = null;
let running: Promise<void> | null = null;

async function flush(): Promise<void> {
  timer = null;
  await running; // one pass at a time per process
  running = rollupPending({ maxBatches: 1 })
    .then(() => undefined)
    .catch((err) => logger().warn({ err }, 'statistics rollup deferred to the maintenance sweep'))
    .finally(() => {
      running = null;
    });
  await running;
}

/**
 * The worker's runs reach the rollups in batches: one statement a little after the first of them
 * ends counts every run that ended meanwhile. The rollup statement costs about the same for one run
 * as for fifty, and a run's final state and status event do not wait for it. Exactly-once is the
 * statement's own guarantee (rolled_up flag); what a crash leaves behind, the maintenance sweep adds.
 */
export function rollupSoon(): void {
  timer ??= setTimeout(() => void flush(), ROLLUP_DELAY_MS);
}

/** At shutdown: count what is pending now, so the statistics do not wait for the sweep. */
export async function flushRollups(): Promise<void> {
  if (timer) {
    clearTimeout(timer);
    await flush();
  }
  await running;
}
