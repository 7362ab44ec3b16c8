import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { AppError } from '@/server/errors/app-error';
import { finalStatuses } from '@/server/executions/executions.schema';
import { seriesInput, type SeriesDto, type SeriesInput } from './stats.schema';

type FinalStatus = (typeof finalStatuses)[number];

/**
 * Finished runs per time bucket and status: the last 24 hours by hour, or the last 7 / 30 days
 * by local day in `time_zone` (today included). Reads the hourly rollups only: at most
 * 30 × 24 × 4 rows for all scripts, or × 6 triggers for one script.
 */
export async function getSeries(opts: { actor: Actor; input?: SeriesInput }): Promise<SeriesDto> {
  assertCan(opts.actor, 'execution.read');
  const parsed = seriesInput.safeParse(opts.input ?? {});
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const { range, script_id: scriptId, time_zone: tz } = parsed.data;
  const table = scriptId ? sql`execution_rollups` : sql`execution_rollup_hours`;
  const scriptFilter = scriptId ? sql`and r.script_id = ${scriptId}` : sql``;

  // Buckets as [start, end) instants with a label; generated in SQL so the time-zone rules
  // (daylight saving included) are PostgreSQL's.
  const buckets = range === '24h'
    ? sql`
      select b as start, b + interval '1 hour' as stop, to_char(b at time zone ${tz}, 'YYYY-MM-DD"T"HH24:00') as label
      from generate_series(
        date_trunc('hour', now() at time zone 'UTC') at time zone 'UTC' - interval '23 hours',
        date_trunc('hour', now() at time zone 'UTC') at time zone 'UTC',
        interval '1 hour') as b`
    : sql`
      select d at time zone ${tz} as start, (d + interval '1 day') at time zone ${tz} as stop, to_char(d, 'YYYY-MM-DD') as label
      from generate_series(
        date_trunc('day', now() at time zone ${tz}) - ${range === '7d' ? 6 : 29} * interval '1 day',
        date_trunc('day', now() at time zone ${tz}),
        interval '1 day') as d`;

  const result = await db().execute<{ start: string; label: string; status: FinalStatus | null; n: number }>(sql`
    with b as (${buckets})
    select to_char(b.start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as start, b.label, r.status, coalesce(sum(r.count), 0)::int as n
    from b left join ${table} r on r.bucket >= b.start and r.bucket < b.stop ${scriptFilter}
    group by b.start, b.label, r.status
    order by b.start`);

  const out: SeriesDto['buckets'] = [];
  for (const row of result.rows) {
    let bucket = out[out.length - 1];
    if (!bucket || bucket.start !== row.start) {
      bucket = { start: row.start, label: row.label, total: 0, counts: { succeeded: 0, failed: 0, timed_out: 0, cancelled: 0 } };
      out.push(bucket);
    }
    if (row.status && row.status in bucket.counts) {
      bucket.counts[row.status] += Number(row.n);
      bucket.total += Number(row.n);
    }
  }
  return { range, granularity: range === '24h' ? 'hour' : 'day', time_zone: tz, buckets: out };
}
