import { sql, type SQL } from 'drizzle-orm';
import { db } from '@/db/client';
import type { RecentRunDto } from './stats.schema';

/** Queued and running counts, read through the partial index executions_active_idx. */
export async function countInFlight(scriptId?: string): Promise<{ queued: number; running: number }> {
  const r = await db().execute<{ status: string; n: number }>(sql`
    select status, count(*)::int as n from executions
    where status in ('queued', 'running') ${scriptId ? sql`and script_id = ${scriptId}` : sql``}
    group by status`);
  const by = Object.fromEntries(r.rows.map((x) => [x.status, Number(x.n)]));
  return { queued: by.queued ?? 0, running: by.running ?? 0 };
}

type RecentRow = {
  id: string;
  script_id: string | null;
  script_name: string | null;
  status: RecentRunDto['status'];
  trigger_type: RecentRunDto['trigger_type'];
  attempt: number;
  exit_code: number | null;
  queued_at: string;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
};

/** An ISO-8601 UTC string made by PostgreSQL, whatever the driver's timestamp parsing. */
export const isoOf = (col: SQL) => sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The newest runs (by queue time), through executions_queued_at_idx or the per-script index. */
export async function listRecentRuns(limit: number, scriptId?: string): Promise<RecentRunDto[]> {
  const r = await db().execute<RecentRow>(sql`
    select e.id, e.script_id, s.name as script_name, e.status, e.trigger_type, e.attempt, e.exit_code,
      ${isoOf(sql`e.queued_at`)} as queued_at, ${isoOf(sql`e.started_at`)} as started_at,
      ${isoOf(sql`e.finished_at`)} as finished_at, e.duration_ms
    from executions e left join scripts s on s.id = e.script_id
    ${scriptId ? sql`where e.script_id = ${scriptId}` : sql``}
    order by e.queued_at desc, e.id desc
    limit ${limit}`);
  return r.rows.map((x) => ({
    id: x.id,
    script_id: x.script_id,
    script_name: x.script_name,
    status: x.status,
    trigger_type: x.trigger_type,
    attempt: x.attempt,
    exit_code: x.exit_code,
    queued_at: x.queued_at,
    started_at: x.started_at,
    finished_at: x.finished_at,
    duration_ms: x.duration_ms,
  }));
}
