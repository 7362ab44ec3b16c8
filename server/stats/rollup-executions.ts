import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { HIST_SIZE, histBoundsSql } from './duration-histogram';

export const NO_SCRIPT_ID = '00000000-0000-0000-0000-000000000000';
const FINAL = sql.raw(`('succeeded', 'failed', 'timed_out', 'cancelled')`);

interface Level {
  table: string;
  keys: string[];
}

/** The four rollup levels (db/schema/stats.ts), all fed from the same set of newly final runs. */
const LEVELS: Level[] = [
  { table: 'execution_rollups', keys: ['script_id', 'bucket', 'trigger_type', 'status'] },
  { table: 'execution_rollup_hours', keys: ['bucket', 'status'] },
  { table: 'execution_rollup_scripts', keys: ['script_id', 'trigger_type', 'status'] },
  { table: 'execution_rollup_totals', keys: ['trigger_type', 'status'] },
];

/**
 * For one level: group the runs by the level's key, build each group's histogram (dense, one
 * cell per bucket), and add it to the stored row. Rows are inserted in key order so concurrent
 * statements take row locks in the same order. The histogram sum is element-wise.
 */
function levelSql(level: Level, n: number): SQL {
  const keys = level.keys.join(', ');
  const kq = level.keys.map((k) => `k.${k}`).join(', ');
  const joinOn = level.keys.map((k) => `c.${k} = k.${k}`).join(' and ');
  return sql.raw(`
  k${n} as (
    select ${keys}, count(*)::bigint as n, count(duration_ms)::bigint as dn, coalesce(sum(duration_ms), 0)::bigint as dsum
    from done group by ${keys}
  ),
  c${n} as (
    select ${keys}, cell, count(*)::int as c from done where cell is not null group by ${keys}, cell
  ),
  a${n} as (
    select ${kq}, k.n, k.dn, k.dsum, array_agg(coalesce(c.c, 0) order by g.i) as hist
    from k${n} k cross join generate_series(1, ${HIST_SIZE}) as g(i)
    left join c${n} c on ${joinOn} and c.cell = g.i
    group by ${kq}, k.n, k.dn, k.dsum
  ),
  u${n} as (
    insert into ${level.table} as r (${keys}, count, duration_count, duration_sum_ms, histogram)
    select ${keys}, n, dn, dsum, hist from a${n} order by ${keys}
    on conflict (${keys}) do update set
      count = r.count + excluded.count,
      duration_count = r.duration_count + excluded.duration_count,
      duration_sum_ms = r.duration_sum_ms + excluded.duration_sum_ms,
      histogram = (
        select array_agg(coalesce(r.histogram[i], 0) + coalesce(excluded.histogram[i], 0) order by i)
        from generate_series(1, greatest(cardinality(r.histogram), cardinality(excluded.histogram))) as i
      )
    returning 1
  )`);
}

const levelsSql = sql.join(
  LEVELS.map((l, i) => levelSql(l, i)),
  sql.raw(','),
);

/**
 * Adds final runs matching `where` (over `executions`) to every rollup level, exactly once: the
 * same statement flips `rolled_up` on the runs it counts, and a run whose flag is already set, or
 * that is locked by a concurrent rollup, is not touched. One statement, so it is atomic on its own
 * and inside a caller's transaction alike. Returns how many runs were added.
 */
export async function rollupExecutions(tx: DbOrTx, where: SQL, limit = 5_000): Promise<number> {
  const result = await tx.execute<{ n: number }>(sql`
    with picked as (
      select id from executions
      where rolled_up = false and status in ${FINAL} and (${where})
      order by finished_at nulls first
      limit ${limit}
      for update skip locked
    ),
    done as (
      update executions e set rolled_up = true
      from picked where e.id = picked.id
      returning
        coalesce(e.script_id, ${NO_SCRIPT_ID}::uuid) as script_id,
        e.trigger_type,
        e.status,
        e.duration_ms,
        date_trunc('hour', coalesce(e.finished_at, now()) at time zone 'UTC') at time zone 'UTC' as bucket,
        width_bucket(e.duration_ms, ${histBoundsSql}) + 1 as cell
    ),
    ${levelsSql}
    select count(*)::int as n from done`);
  return Number(result.rows[0]?.n ?? 0);
}
