import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { AppError } from '@/server/errors/app-error';
import { listWorkers } from '@/server/queue/workers-registry';
import { distributionFromHistogram } from './duration-histogram';
import { countInFlight } from './in-flight';
import { NO_SCRIPT_ID } from './rollup-executions';
import { overviewInput, type OverviewDto, type OverviewInput } from './stats.schema';
import { summarizeRollups, type RollupRow } from './summarize-rollups';
import { withTimeZone } from './time-zone-error';

const TOP = 5;

/**
 * The dashboard's numbers. Every figure comes from a rollup table, a small table (scripts,
 * workflows, templates), the in-flight partial index or Redis: nothing here reads all executions,
 * so the cost does not grow with history.
 */
export async function getOverview(opts: { actor: Actor; input?: OverviewInput }): Promise<OverviewDto> {
  assertCan(opts.actor, 'execution.read');
  const parsed = overviewInput.safeParse(opts.input ?? {});
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const tz = parsed.data.time_zone;
  const d = db();

  const [scripts, workflows, totals, today, inFlight, failing, mostRun, templates, workers] = await withTimeZone(
    tz,
    () =>
      Promise.all([
        d.execute<{ total: number; active: number }>(sql`
      select count(*)::int as total, count(*) filter (where status = 'active')::int as active
      from scripts where deleted_at is null`),
        d.execute<{ total: number; active: number }>(sql`
      select count(*)::int as total, count(*) filter (where status = 'active')::int as active
      from workflows where deleted_at is null`),
        d.execute<RollupRow>(sql`
      select trigger_type, status, count, duration_count, duration_sum_ms, histogram from execution_rollup_totals`),
        d.execute<{ n: number }>(sql`
      select coalesce(sum(count), 0)::int as n from execution_rollup_hours
      where bucket >= date_trunc('day', now() at time zone ${tz}) at time zone ${tz}`),
        countInFlight(),
        d.execute<{ script_id: string; script_name: string | null; failed: number; total: number; judged: number }>(sql`
      select r.script_id, s.name as script_name, r.failed, r.total, r.judged from (
        select script_id,
          sum(count) filter (where status in ('failed', 'timed_out'))::int as failed,
          sum(count) filter (where status <> 'cancelled')::int as judged,
          sum(count)::int as total
        from execution_rollup_scripts group by script_id
      ) r left join scripts s on s.id = r.script_id
      where r.failed > 0
      order by r.failed desc, r.total, r.script_id
      limit ${TOP}`),
        d.execute<{
          script_id: string;
          script_name: string | null;
          total: number;
          succeeded: number;
          judged: number;
        }>(sql`
      select r.script_id, s.name as script_name, r.total, r.succeeded, r.judged from (
        select script_id, sum(count)::int as total,
          sum(count) filter (where status = 'succeeded')::int as succeeded,
          sum(count) filter (where status <> 'cancelled')::int as judged
        from execution_rollup_scripts group by script_id
      ) r left join scripts s on s.id = r.script_id
      order by r.total desc, r.script_id
      limit ${TOP}`),
        d.execute<{ template_id: string; name: string; usage_count: number }>(sql`
      select id as template_id, name, usage_count from script_templates
      where deleted_at is null and usage_count > 0
      order by usage_count desc, name
      limit 8`),
        listWorkers(),
      ]),
  );

  const summary = summarizeRollups(totals.rows);
  const counts = { ...summary.counts, queued: inFlight.queued, running: inFlight.running };
  const ref = (id: string, name: string | null) => ({ script_id: id, script_name: id === NO_SCRIPT_ID ? null : name });
  return {
    generated_at: new Date().toISOString(),
    scripts: scripts.rows[0] ?? { total: 0, active: 0 },
    workflows: workflows.rows[0] ?? { total: 0, active: 0 },
    executions: {
      total: summary.finished + inFlight.queued + inFlight.running,
      today: Number(today.rows[0]?.n ?? 0),
      finished: summary.finished,
      running: inFlight.running,
      queued: inFlight.queued,
    },
    by_status: counts,
    success_rate: summary.successRate,
    duration_ms: summary.duration,
    workers_connected: workers.length,
    by_trigger: summary.byTrigger,
    top_failing: failing.rows.map((r) => ({
      ...ref(r.script_id, r.script_name),
      failed: r.failed,
      total: r.total,
      failure_rate: r.judged ? r.failed / r.judged : 0,
    })),
    most_run: mostRun.rows.map((r) => ({
      ...ref(r.script_id, r.script_name),
      total: r.total,
      success_rate: r.judged ? r.succeeded / r.judged : null,
    })),
    template_usage: templates.rows.map((r) => ({
      template_id: r.template_id,
      name: r.name,
      usage_count: Number(r.usage_count),
    })),
    duration_distribution: distributionFromHistogram(summary.histogram),
  };
}
