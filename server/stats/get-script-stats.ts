import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { AppError } from '@/server/errors/app-error';
import { getScriptRow } from '@/server/scripts/get-script';
import { countInFlight, listRecentRuns } from './in-flight';
import { scriptStatsInput, type ScriptStatsDto, type ScriptStatsInput } from './stats.schema';
import { summarizeRollups, type RollupRow } from './summarize-rollups';

/**
 * One script's statistics: finished runs from its all-time rollup rows (at most 24), in-flight
 * counts from the partial index, and its last runs from the (script_id, queued_at) index.
 */
export async function getScriptStats(opts: { actor: Actor; input: ScriptStatsInput }): Promise<ScriptStatsDto> {
  assertCan(opts.actor, 'execution.read');
  const parsed = scriptStatsInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const { id, recent_limit } = parsed.data;
  const script = await getScriptRow(id);
  const [rows, inFlight, recent] = await Promise.all([
    db().execute<RollupRow>(sql`
      select trigger_type, status, count, duration_count, duration_sum_ms, histogram
      from execution_rollup_scripts where script_id = ${id}`),
    countInFlight(id),
    listRecentRuns(recent_limit, id),
  ]);
  const summary = summarizeRollups(rows.rows);
  return {
    script_id: script.id,
    script_name: script.name,
    total: summary.finished + inFlight.queued + inFlight.running,
    counts: { ...summary.counts, queued: inFlight.queued, running: inFlight.running },
    success_rate: summary.successRate,
    duration_ms: summary.duration,
    by_trigger: summary.byTrigger,
    recent,
  };
}
