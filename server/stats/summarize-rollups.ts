import { executionStatuses, triggerTypes } from '@/server/executions/executions.schema';
import { addHistograms, emptyHistogram, percentileFromHistogram } from './duration-histogram';
import type { CountsByStatus, DurationStats } from './stats.schema';

/** One rollup row as read back (bigint columns arrive as strings from node-postgres). */
export type RollupRow = {
  trigger_type?: string;
  status: string;
  count: number | string;
  duration_count: number | string;
  duration_sum_ms: number | string;
  histogram: (number | null)[];
};

export function zeroCounts(): CountsByStatus {
  return Object.fromEntries(executionStatuses.map((s) => [s, 0])) as CountsByStatus;
}

/** succeeded / (succeeded + failed + timed_out): a cancelled run says nothing about the script. */
export function successRate(c: Pick<CountsByStatus, 'succeeded' | 'failed' | 'timed_out'>): number | null {
  const judged = c.succeeded + c.failed + c.timed_out;
  return judged === 0 ? null : c.succeeded / judged;
}

export function summarizeRollups(rows: readonly RollupRow[]) {
  const counts = zeroCounts();
  const byTrigger = new Map<string, number>();
  const hist = emptyHistogram();
  let durationCount = 0;
  let durationSum = 0;
  for (const r of rows) {
    const n = Number(r.count);
    if (r.status in counts) counts[r.status as keyof CountsByStatus] += n;
    if (r.trigger_type) byTrigger.set(r.trigger_type, (byTrigger.get(r.trigger_type) ?? 0) + n);
    durationCount += Number(r.duration_count);
    durationSum += Number(r.duration_sum_ms);
    addHistograms(hist, r.histogram);
  }
  const duration: DurationStats = {
    avg: durationCount ? durationSum / durationCount : null,
    p50: percentileFromHistogram(hist, 0.5),
    p95: percentileFromHistogram(hist, 0.95),
    p99: percentileFromHistogram(hist, 0.99),
  };
  return {
    counts,
    finished: counts.succeeded + counts.failed + counts.timed_out + counts.cancelled,
    successRate: successRate(counts),
    duration,
    histogram: hist,
    byTrigger: triggerTypes.map((t) => ({ trigger_type: t, count: byTrigger.get(t) ?? 0 })),
  };
}
