import { sql } from 'drizzle-orm';
import { db, type Database } from '@/db/client';
import { env } from '@/server/env';
import { logger } from '@/server/log/logger';

export interface RetentionResult {
  cutoff: string | null;
  executions: number;
  logs: number;
  /** True when the time budget ran out with old rows left; the next run continues. */
  more: boolean;
}

/**
 * Deletes executions (with their log lines and attempts) queued more than `days` days ago.
 * In-flight runs and runs not yet added to the statistics rollups are never deleted, so the
 * rollups (kept forever) still count every run. Works in small batches, each its own short
 * statement, so no long lock is held and writers are never blocked for long:
 *   pick ≤ batchSize old executions → delete their log lines ≤ batchSize at a time → delete them.
 * `days` 0 keeps everything.
 */
export async function applyRetention(opts: { days?: number; batchSize?: number; now?: Date; timeBudgetMs?: number; database?: Database } = {}): Promise<RetentionResult> {
  const days = opts.days ?? env().RETENTION_DAYS;
  if (!days) return { cutoff: null, executions: 0, logs: 0, more: false };
  const d = opts.database ?? db();
  const batch = opts.batchSize ?? 5_000;
  const cutoff = new Date((opts.now ?? new Date()).getTime() - days * 86_400_000);
  const deadline = Date.now() + (opts.timeBudgetMs ?? 60_000);
  let executions = 0;
  let logs = 0;
  for (;;) {
    if (Date.now() > deadline) return { cutoff: cutoff.toISOString(), executions, logs, more: true };
    const picked = await d.execute<{ id: string }>(sql`
      select id from executions
      where queued_at < ${cutoff} and rolled_up and status in ('succeeded', 'failed', 'timed_out', 'cancelled')
      order by queued_at
      limit ${batch}`);
    const ids = picked.rows.map((r) => r.id);
    if (ids.length === 0) break;
    const idArray = sql`${`{${ids.join(',')}}`}::uuid[]`;
    for (;;) {
      const gone = await d.execute(sql`
        delete from execution_logs where id in (
          select id from execution_logs where execution_id = any(${idArray}) limit ${batch}
        )`);
      logs += gone.rowCount ?? 0;
      if ((gone.rowCount ?? 0) < batch) break;
    }
    // Attempts go with their execution (on delete cascade); so would any log line written since.
    const deleted = await d.execute(sql`delete from executions where id = any(${idArray}) and status in ('succeeded', 'failed', 'timed_out', 'cancelled')`);
    executions += deleted.rowCount ?? 0;
    if (ids.length < batch) break;
  }
  if (executions) logger().info({ executions, logs, cutoff }, 'retention deleted old executions');
  return { cutoff: cutoff.toISOString(), executions, logs, more: false };
}
