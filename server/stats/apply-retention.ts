import { sql } from 'drizzle-orm';
import { db, type Database } from '@/db/client';
import { env } from '@/server/env';
import { logger } from '@/server/log/logger';
import { NO_SCRIPT_ID } from './rollup-executions';

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
export async function applyRetention(
  opts: { days?: number; batchSize?: number; now?: Date; timeBudgetMs?: number; database?: Database } = {},
): Promise<RetentionResult> {
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
    // The same statement counts what it deleted in execution_purges (see countExecutions).
    const deleted = await d.execute<{ n: number }>(sql`
      with gone as (
        delete from executions
        where id = any(${idArray}) and rolled_up and status in ('succeeded', 'failed', 'timed_out', 'cancelled')
        returning coalesce(script_id, ${NO_SCRIPT_ID}::uuid) as script_id, trigger_type, status
      ),
      purged as (
        insert into execution_purges as p (script_id, trigger_type, status, count)
        select script_id, trigger_type, status, count(*) from gone group by 1, 2, 3 order by 1, 2, 3
        on conflict (script_id, trigger_type, status) do update set count = p.count + excluded.count
        returning 1
      )
      select count(*)::int as n from gone`);
    executions += Number(deleted.rows[0]?.n ?? 0);
    if (ids.length < batch) break;
  }
  if (executions) logger().info({ executions, logs, cutoff }, 'retention deleted old executions');
  return { cutoff: cutoff.toISOString(), executions, logs, more: false };
}
