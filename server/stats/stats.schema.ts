import { z } from 'zod';
import { executionStatuses, finalStatuses, triggerTypes } from '@/server/executions/executions.schema';

const timeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return /^[A-Za-z0-9_+\-/]+$/.test(tz);
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as UTC or Asia/Shanghai');

export const overviewInput = z.object({
  /** Where "today" starts; the browser sends its own zone. */
  time_zone: timeZone.default('UTC'),
});
export type OverviewInput = z.input<typeof overviewInput>;

export const scriptStatsInput = z.object({
  id: z.uuid({ message: 'must be a UUID' }),
  recent_limit: z.coerce.number().int().min(1).max(100).default(10),
});
export type ScriptStatsInput = z.input<typeof scriptStatsInput>;
export const scriptStatsQuery = scriptStatsInput.omit({ id: true });

export const seriesRanges = ['24h', '7d', '30d'] as const;
export const seriesInput = z.object({
  range: z.enum(seriesRanges).default('24h'),
  script_id: z.uuid({ message: 'must be a UUID' }).optional(),
  time_zone: timeZone.default('UTC'),
});
export type SeriesInput = z.input<typeof seriesInput>;

const ms = z.number().nullable();
export const durationStats = z.object({ avg: ms, p50: ms, p95: ms, p99: ms });
export type DurationStats = z.infer<typeof durationStats>;

export const countsByStatus = z.object(
  Object.fromEntries(executionStatuses.map((s) => [s, z.number().int()])) as Record<
    (typeof executionStatuses)[number],
    z.ZodNumber
  >,
);
export type CountsByStatus = z.infer<typeof countsByStatus>;

const scriptRef = { script_id: z.string(), script_name: z.string().nullable() };

export const overviewDto = z.object({
  generated_at: z.string(),
  scripts: z.object({ total: z.number().int(), active: z.number().int() }),
  workflows: z.object({ total: z.number().int(), active: z.number().int() }),
  executions: z.object({
    /** Every run ever accepted: finished ones (kept in the rollups even after retention) plus in flight. */
    total: z.number().int(),
    /** Runs that reached a final status since midnight in `time_zone`. */
    today: z.number().int(),
    finished: z.number().int(),
    running: z.number().int(),
    queued: z.number().int(),
  }),
  by_status: countsByStatus,
  /** succeeded / (succeeded + failed + timed_out); cancelled runs are not judged. Null before any. */
  success_rate: z.number().nullable(),
  duration_ms: durationStats,
  workers_connected: z.number().int(),
  by_trigger: z.array(z.object({ trigger_type: z.enum(triggerTypes), count: z.number().int() })),
  top_failing: z.array(
    z.object({ ...scriptRef, failed: z.number().int(), total: z.number().int(), failure_rate: z.number() }),
  ),
  most_run: z.array(z.object({ ...scriptRef, total: z.number().int(), success_rate: z.number().nullable() })),
  template_usage: z.array(z.object({ template_id: z.string(), name: z.string(), usage_count: z.number().int() })),
  duration_distribution: z.array(
    z.object({ min_ms: z.number(), max_ms: z.number().nullable(), count: z.number().int() }),
  ),
});
export type OverviewDto = z.infer<typeof overviewDto>;

export const recentRunDto = z.object({
  id: z.string(),
  script_id: z.string().nullable(),
  script_name: z.string().nullable(),
  status: z.enum(executionStatuses),
  trigger_type: z.enum(triggerTypes),
  attempt: z.number().int(),
  exit_code: z.number().int().nullable(),
  queued_at: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  duration_ms: z.number().nullable(),
});
export type RecentRunDto = z.infer<typeof recentRunDto>;

export const scriptStatsDto = z.object({
  script_id: z.string(),
  script_name: z.string(),
  total: z.number().int(),
  counts: countsByStatus,
  success_rate: z.number().nullable(),
  duration_ms: durationStats,
  by_trigger: z.array(z.object({ trigger_type: z.enum(triggerTypes), count: z.number().int() })),
  recent: z.array(recentRunDto),
});
export type ScriptStatsDto = z.infer<typeof scriptStatsDto>;

export const seriesDto = z.object({
  range: z.enum(seriesRanges),
  granularity: z.enum(['hour', 'day']),
  time_zone: z.string(),
  buckets: z.array(
    z.object({
      /** Start of the bucket (an instant); `label` is its local date for days, its hour otherwise. */
      start: z.string(),
      label: z.string(),
      total: z.number().int(),
      counts: z.object(
        Object.fromEntries(finalStatuses.map((s) => [s, z.number().int()])) as Record<
          (typeof finalStatuses)[number],
          z.ZodNumber
        >,
      ),
    }),
  ),
});
export type SeriesDto = z.infer<typeof seriesDto>;

export const liveSnapshotDto = z.object({
  running: z.number().int(),
  queued: z.number().int(),
  recent: z.array(recentRunDto),
  at: z.string(),
});
export type LiveSnapshotDto = z.infer<typeof liveSnapshotDto>;
