import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { db } from '@/db/client';
import type { ExecutionStatus } from '@/server/executions/executions.schema';

export interface ExecutionCountFilter {
  script_id?: string;
  status?: ExecutionStatus;
  trigger_type?: 'manual' | 'schedule' | 'event' | 'webhook' | 'api' | 'workflow';
}

/**
 * The exact number of stored executions matching a filter on script, status and trigger, without
 * scanning them: every execution is either in flight (partial index executions_active_idx), final
 * but not yet rolled up (partial index executions_rollup_pending_idx), or counted in
 * execution_rollup_scripts, minus those retention deleted (execution_purges). One statement, so
 * one snapshot: the answer equals `count(*)` at that instant. A filter on dates is not supported
 * (rollups are all-time per script): use count(*) for those.
 */
export async function countExecutions(filter: ExecutionCountFilter, tx: DbOrTx = db()): Promise<number> {
  const on = (col: string): SQL => {
    const parts: SQL[] = [];
    if (filter.script_id) parts.push(sql`${sql.raw(col)}script_id = ${filter.script_id}`);
    if (filter.status) parts.push(sql`${sql.raw(col)}status = ${filter.status}`);
    if (filter.trigger_type) parts.push(sql`${sql.raw(col)}trigger_type = ${filter.trigger_type}`);
    return parts.length ? sql`and ${sql.join(parts, sql` and `)}` : sql``;
  };
  const r = await tx.execute<{ n: string }>(sql`
    select (
      coalesce((select sum(count) from execution_rollup_scripts r where true ${on('r.')}), 0)
      - coalesce((select sum(count) from execution_purges p where true ${on('p.')}), 0)
      + (select count(*) from executions e where e.status in ('queued', 'running') ${on('e.')})
      + (select count(*) from executions e where e.rolled_up = false and e.status in ('succeeded', 'failed', 'timed_out', 'cancelled') ${on('e.')})
    )::bigint as n`);
  return Number(r.rows[0]?.n ?? 0);
}
