import {
  pgEnum,
  pgTable,
  text,
  timestamp,
  uuid,
  integer,
  jsonb,
  bigint,
  bigserial,
  index,
  uniqueIndex,
  boolean,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { scripts } from './scripts';
import { users } from './users';

export const triggerTypeEnum = pgEnum('trigger_type', ['manual', 'schedule', 'event', 'webhook', 'api', 'workflow']);
export const executionStatusEnum = pgEnum('execution_status', [
  'queued',
  'running',
  'succeeded',
  'failed',
  'timed_out',
  'cancelled',
]);

export const executions = pgTable(
  'executions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    scriptId: uuid('script_id').references(() => scripts.id, { onDelete: 'set null' }),
    scriptVersion: integer('script_version'),
    triggerType: triggerTypeEnum('trigger_type').notNull(),
    triggerRef: text('trigger_ref'),
    status: executionStatusEnum('status').notNull().default('queued'),
    inputParameters: jsonb('input_parameters').notNull().default({}),
    // Values that came from secrets are replaced by a mask before this column is written.
    environment: jsonb('environment').notNull().default({}),
    // The full environment, encrypted (server/crypto/seal.ts); only the worker opens it.
    environmentSealed: text('environment_sealed'),
    timeoutSeconds: integer('timeout_seconds').notNull(),
    attempt: integer('attempt').notNull().default(1),
    maxAttempts: integer('max_attempts').notNull().default(1),
    // Re-runs left for attempts lost with their worker (SIGKILL, OOM, machine loss), on top of the
    // script's own retries: 2 by default, 0 when the script or workflow node opted out.
    workerLossRetries: integer('worker_loss_retries').notNull().default(2),
    exitCode: integer('exit_code'),
    result: jsonb('result'),
    error: text('error'),
    // `error` as a message code with parameters (server/messages), rendered in the reader's language;
    // null for rows written before codes existed (the UI shows `error` then).
    errorCode: text('error_code'),
    errorParams: jsonb('error_params'),
    idempotencyKey: text('idempotency_key'),
    // Who sent the key (user:<id> or api_key:<id>) and a keyed hash of the request it came with: a
    // reuse by another caller or with another body is a conflict, not the old run.
    idempotencyCaller: text('idempotency_caller'),
    idempotencyFingerprint: text('idempotency_fingerprint'),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    workerId: text('worker_id'),
    queuedAt: timestamp('queued_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    durationMs: integer('duration_ms'),
    cpuTimeMs: integer('cpu_time_ms'),
    peakMemoryBytes: bigint('peak_memory_bytes', { mode: 'number' }),
    logBytes: bigint('log_bytes', { mode: 'number' }).notNull().default(0),
    logTruncated: integer('log_truncated').notNull().default(0),
    // Set when a workflow run's script node started this execution.
    workflowRunId: uuid('workflow_run_id'),
    workflowNodeKey: text('workflow_node_key'),
    // Set once this final run is counted in the statistics rollups (server/stats/record-final-rollup.ts).
    rolledUp: boolean('rolled_up').notNull().default(false),
  },
  (t) => [
    // Lists order by `queued_at desc, id desc` (nulls first, PostgreSQL's default for desc): the
    // indexes must match exactly, or a page is a top-N sort over every matching row.
    index('executions_queued_at_idx').on(t.queuedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('executions_script_queued_idx').on(t.scriptId, t.queuedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('executions_status_idx').on(t.status, t.queuedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    // Statistics: in-flight counts, final runs not yet rolled up, per-script filtered lists (server/stats/).
    index('executions_active_idx')
      .on(t.status, t.scriptId)
      .where(sql`${t.status} in ('queued', 'running')`),
    index('executions_rollup_pending_idx')
      .on(t.finishedAt)
      .where(sql`${t.rolledUp} = false and ${t.status} in ('succeeded', 'failed', 'timed_out', 'cancelled')`),
    index('executions_script_status_queued_idx').on(
      t.scriptId,
      t.status,
      t.queuedAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index('executions_workflow_run_idx')
      .on(t.workflowRunId, t.workflowNodeKey)
      .where(sql`${t.workflowRunId} is not null`),
    uniqueIndex('executions_idempotency_uq')
      .on(t.scriptId, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} is not null`),
  ],
);

export const executionAttempts = pgTable(
  'execution_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    executionId: uuid('execution_id')
      .notNull()
      .references(() => executions.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    status: executionStatusEnum('status').notNull(),
    exitCode: integer('exit_code'),
    error: text('error'),
    // As on executions: `error` as a message code with parameters (server/messages).
    errorCode: text('error_code'),
    errorParams: jsonb('error_params'),
    workerId: text('worker_id'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    durationMs: integer('duration_ms'),
    // Why the attempt ended when it was not the script's doing: 'worker_lost' (its worker died; the
    // next attempt, if any, is the platform's re-run). Null: the script's own outcome.
    cause: text('cause'),
  },
  (t) => [uniqueIndex('execution_attempts_uq').on(t.executionId, t.attempt)],
);

export const executionLogs = pgTable(
  'execution_logs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    executionId: uuid('execution_id')
      .notNull()
      .references(() => executions.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull().default(1),
    seq: integer('seq').notNull(),
    stream: text('stream').notNull(), // stdout | stderr | system
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    text: text('text').notNull(),
  },
  (t) => [uniqueIndex('execution_logs_exec_seq_uq').on(t.executionId, t.seq)],
);
