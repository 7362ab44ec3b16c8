import { bigint, integer, pgTable, primaryKey, timestamp, uuid } from 'drizzle-orm/pg-core';
import { executionStatusEnum, triggerTypeEnum } from './executions';

/**
 * Rollups of finished executions, so the dashboard, statistics and metrics never scan `executions`.
 * A run is added exactly once after it reaches a final state (server/stats/record-final-rollup.ts
 * and, batched, rollup-soon.ts; guarded by `executions.rolled_up`). Retention deletes old
 * executions but keeps these rows.
 *
 * Every level carries the same measures: run count, how many had a duration, the sum of those
 * durations, and a duration histogram in the fixed buckets of server/stats/duration-histogram.ts
 * (index i counts durations in [bound[i-1], bound[i]) ms), from which percentiles are estimated.
 * `script_id` is the nil UUID for a run that has no script.
 */
const measures = () => ({
  count: bigint('count', { mode: 'number' }).notNull().default(0),
  durationCount: bigint('duration_count', { mode: 'number' }).notNull().default(0),
  durationSumMs: bigint('duration_sum_ms', { mode: 'number' }).notNull().default(0),
  histogram: integer('histogram').array().notNull(),
});

/** Per UTC hour (of `finished_at`), script, trigger and final status. */
export const executionRollups = pgTable(
  'execution_rollups',
  {
    bucket: timestamp('bucket', { withTimezone: true }).notNull(),
    scriptId: uuid('script_id').notNull(),
    triggerType: triggerTypeEnum('trigger_type').notNull(),
    status: executionStatusEnum('status').notNull(),
    ...measures(),
  },
  (t) => [primaryKey({ name: 'execution_rollups_pk', columns: [t.scriptId, t.bucket, t.triggerType, t.status] })],
);

/** Per UTC hour and final status, all scripts together: the dashboard's time series. */
export const executionRollupHours = pgTable(
  'execution_rollup_hours',
  {
    bucket: timestamp('bucket', { withTimezone: true }).notNull(),
    status: executionStatusEnum('status').notNull(),
    ...measures(),
  },
  (t) => [primaryKey({ name: 'execution_rollup_hours_pk', columns: [t.bucket, t.status] })],
);

/** All time, per script, trigger and final status: per-script statistics and top lists. */
export const executionRollupScripts = pgTable(
  'execution_rollup_scripts',
  {
    scriptId: uuid('script_id').notNull(),
    triggerType: triggerTypeEnum('trigger_type').notNull(),
    status: executionStatusEnum('status').notNull(),
    ...measures(),
  },
  (t) => [primaryKey({ name: 'execution_rollup_scripts_pk', columns: [t.scriptId, t.triggerType, t.status] })],
);

/** All time, per trigger and final status, all scripts together: the overview (at most 24 rows). */
export const executionRollupTotals = pgTable(
  'execution_rollup_totals',
  {
    triggerType: triggerTypeEnum('trigger_type').notNull(),
    status: executionStatusEnum('status').notNull(),
    ...measures(),
  },
  (t) => [primaryKey({ name: 'execution_rollup_totals_pk', columns: [t.triggerType, t.status] })],
);

/**
 * Finished runs deleted by retention, per script, trigger and final status. Rollups keep counting
 * deleted runs; subtracting these gives the runs still stored, which is how countExecutions
 * (server/stats/count-executions.ts) counts a filtered list without scanning it.
 */
export const executionPurges = pgTable(
  'execution_purges',
  {
    scriptId: uuid('script_id').notNull(),
    triggerType: triggerTypeEnum('trigger_type').notNull(),
    status: executionStatusEnum('status').notNull(),
    count: bigint('count', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ name: 'execution_purges_pk', columns: [t.scriptId, t.triggerType, t.status] })],
);
