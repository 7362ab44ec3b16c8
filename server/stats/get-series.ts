import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { AppError } from '@/server/errors/app-error';
import { finalStatuses } from '@/server/executions/executions.schema';
import { seriesInput, type SeriesDto, type SeriesInput } from './stats.schema';
import { withTimeZone } from './time-zone-error';

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

  // Buckets with a label and a join key, generated in SQL so the time-zone rules (daylight saving
  // included) are PostgreSQL's; the rollups are read once over the whole range (an index range
  // scan) and grouped by the same key.
  const hourly = range === '24h';
  const firstHour = sql`date_trunc('hour', now() at time zone 'UTC') at time zone 'UTC' - interval '23 hours'`;
  const firstDay = sql`date_trunc('day', now() at time zone ${tz}) - ${range === '7d' ? 6 : 29} * interval '1 day'`;
  const buckets = hourly
    ? sql`
      select b as start, b as key, to_char(b at time zone ${tz}, 'YYYY-MM-DD"T"HH24:00') as label
      from generate_series(${firstHour}, ${firstHour} + interval '23 hours', interval '1 hour') as b`
    : sql`
      select d at time zone ${tz} as start, d::date as key, to_char(d, 'YYYY-MM-DD') as label
      from generate_series(${firstDay}, ${firstDay} + ${range === '7d' ? 6 : 29} * interval '1 day', interval '1 day') as d`;
  const key = hourly ? sql`r.bucket` : sql`(r.bucket at time zone ${tz})::date`;
  const from = hourly ? firstHour : sql`(${firstDay}) at time zone ${tz}`;

  const result = await withTimeZone(tz, () =>
    db().execute<{ start: string; label: string; status: FinalStatus | null; n: number }>(sql`
    with b as (${buckets}),
    r as (
      select ${key} as key, r.status, sum(r.count)::bigint as n
      from ${table} r where r.bucket >= ${from} ${scriptFilter}
      group by 1, 2
    )
    select to_char(b.start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as start, b.label, r.status, coalesce(r.n, 0)::int as n
    from b left join r on r.key = b.key
    order by b.start, r.status`),
  );

  const out: SeriesDto['buckets'] = [];
  for (const row of result.rows) {
    let bucket = out[out.length - 1];
    if (!bucket || bucket.start !== row.start) {
      bucket = {
        start: row.start,
        label: row.label,
        total: 0,
        counts: { succeeded: 0, failed: 0, timed_out: 0, cancelled: 0 },
      };
      out.push(bucket);
    }
    if (row.status && row.status in bucket.counts) {
      bucket.counts[row.status] += Number(row.n);
      bucket.total += Number(row.n);
    }
  }
  return { range, granularity: hourly ? 'hour' : 'day', time_zone: tz, buckets: out };
}
