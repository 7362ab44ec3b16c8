import { eq, sql } from 'drizzle-orm';
import { db, type DbOrTx } from '@/db/client';
import { executions } from '@/db/schema';
import { logger } from '@/server/log/logger';
import { publishStatsChanged } from '@/server/queue/execution-queue';
import { observeFinished } from './metrics';
import { rollupExecutions } from './rollup-executions';

const FINAL = new Set(['succeeded', 'failed', 'timed_out', 'cancelled']);

export interface FinalRow {
  id: string;
  scriptId: string | null;
  triggerType: string;
  status: string;
  durationMs: number | null;
}

/**
 * Called once wherever a run's final state is written outside the worker's normal finish (which
 * batches with rollupSoon): worker-lost and internal-error paths, the reconciler, cancel-while-queued,
 * with the row that write returned.
 * Adds the run to the statistics rollups and the Prometheus counters, exactly once per run however
 * often it is called (the `rolled_up` flag flips in the same statement). A row that is not final
 * (a retry was scheduled) is ignored.
 *
 * It never throws: the run's final state is already stored, and a rollup missed here (database
 * hiccup, crash in between) is added by the maintenance sweep (rollupPending).
 */
export async function recordFinalRollup(tx: DbOrTx, row: FinalRow): Promise<boolean> {
  if (!FINAL.has(row.status)) return false;
  try {
    const added = await rollupExecutions(tx, eq(executions.id, row.id), 1);
    if (added > 0) {
      await observeFinished(row);
      await publishStatsChanged(added).catch(() => undefined);
    }
    return added > 0;
  } catch (err) {
    logger().warn({ err, executionId: row.id }, 'statistics rollup deferred to the maintenance sweep');
    return false;
  }
}

/**
 * Adds every final run that is not rolled up yet (missed by recordFinalRollup, or finished before
 * rollups existed), in batches. Returns how many runs were added. Metrics counters are not
 * touched: they count what a process saw finish, not history.
 */
export async function rollupPending(
  opts: { batchSize?: number; maxBatches?: number; tx?: DbOrTx } = {},
): Promise<number> {
  const batch = opts.batchSize ?? 5_000;
  let total = 0;
  for (let i = 0; i < (opts.maxBatches ?? 100); i++) {
    const n = await rollupExecutions(opts.tx ?? db(), sql`true`, batch);
    total += n;
    if (n < batch) break;
  }
  // Inside a caller's transaction the rows are not visible yet: the caller says it after commit.
  if (total > 0 && !opts.tx) await publishStatsChanged(total).catch(() => undefined);
  return total;
}
