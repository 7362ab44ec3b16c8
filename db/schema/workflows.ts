import { sql } from 'drizzle-orm';
import {
  pgEnum,
  pgTable,
  text,
  timestamp,
  uuid,
  integer,
  jsonb,
  index,
  uniqueIndex,
  primaryKey,
} from 'drizzle-orm/pg-core';
import { users } from './users';
import { executions, triggerTypeEnum } from './executions';

export const workflowStatusEnum = pgEnum('workflow_status', ['draft', 'active', 'disabled', 'archived']);
export const workflowRunStatusEnum = pgEnum('workflow_run_status', [
  'queued',
  'running',
  'succeeded',
  'failed',
  'cancelled',
]);
export const workflowRunNodeStatusEnum = pgEnum('workflow_run_node_status', [
  'pending',
  'queued',
  'running',
  'succeeded',
  'failed',
  'skipped',
  'cancelled',
]);
export const workflowNodeTypeEnum = pgEnum('workflow_node_type', [
  'start',
  'end',
  'script',
  'condition',
  'parallel',
  'join',
  'delay',
]);

export const workflows = pgTable(
  'workflows',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    status: workflowStatusEnum('status').notNull().default('draft'),
    currentVersion: integer('current_version').notNull().default(1),
    // JSON Schema the run input must match; null accepts any object.
    inputSchema: jsonb('input_schema'),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    // Unique among live workflows only: a deleted workflow's name can be reused.
    uniqueIndex('workflows_name_live_uq')
      .on(sql`lower(${t.name})`)
      .where(sql`${t.deletedAt} is null`),
    index('workflows_status_idx').on(t.status),
    index('workflows_updated_idx').on(t.updatedAt),
  ],
);

/** Immutable snapshots: every graph change makes a new one; runs record the version they ran. */
export const workflowVersions = pgTable(
  'workflow_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workflowId: uuid('workflow_id')
      .notNull()
      .references(() => workflows.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    // { nodes, edges } exactly as the API accepts it (server/workflows/workflows.schema.ts).
    graph: jsonb('graph').notNull(),
    message: text('message').notNull().default(''),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('workflow_versions_workflow_version_uq').on(t.workflowId, t.version)],
);

/** The nodes of each version as rows (queries such as "which workflows use this script"). */
export const workflowNodes = pgTable(
  'workflow_nodes',
  {
    workflowVersionId: uuid('workflow_version_id')
      .notNull()
      .references(() => workflowVersions.id, { onDelete: 'cascade' }),
    nodeKey: text('node_key').notNull(),
    type: workflowNodeTypeEnum('type').notNull(),
    label: text('label').notNull().default(''),
    // No foreign key: a draft may name a script that was since removed; validation reports it.
    scriptId: uuid('script_id'),
    scriptVersion: integer('script_version'),
    config: jsonb('config').notNull().default({}),
    timeoutSeconds: integer('timeout_seconds'),
    maxRetries: integer('max_retries'),
    errorPolicy: text('error_policy').notNull().default('fail'),
  },
  (t) => [primaryKey({ columns: [t.workflowVersionId, t.nodeKey] }), index('workflow_nodes_script_idx').on(t.scriptId)],
);

export const workflowEdges = pgTable(
  'workflow_edges',
  {
    workflowVersionId: uuid('workflow_version_id')
      .notNull()
      .references(() => workflowVersions.id, { onDelete: 'cascade' }),
    edgeId: text('edge_id').notNull(),
    sourceKey: text('source_key').notNull(),
    targetKey: text('target_key').notNull(),
    label: text('label'),
  },
  (t) => [primaryKey({ columns: [t.workflowVersionId, t.edgeId] })],
);

export const workflowRuns = pgTable(
  'workflow_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workflowId: uuid('workflow_id')
      .notNull()
      .references(() => workflows.id, { onDelete: 'cascade' }),
    workflowVersionId: uuid('workflow_version_id')
      .notNull()
      .references(() => workflowVersions.id),
    version: integer('version').notNull(),
    status: workflowRunStatusEnum('status').notNull().default('queued'),
    input: jsonb('input').notNull().default({}),
    triggerType: triggerTypeEnum('trigger_type').notNull(),
    triggerRef: text('trigger_ref'),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    durationMs: integer('duration_ms'),
  },
  (t) => [
    index('workflow_runs_workflow_created_idx').on(t.workflowId, t.createdAt.desc()),
    index('workflow_runs_status_idx').on(t.status, t.createdAt.desc()),
  ],
);

export const workflowRunNodes = pgTable(
  'workflow_run_nodes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    runId: uuid('run_id')
      .notNull()
      .references(() => workflowRuns.id, { onDelete: 'cascade' }),
    nodeKey: text('node_key').notNull(),
    nodeType: workflowNodeTypeEnum('node_type').notNull(),
    status: workflowRunNodeStatusEnum('status').notNull().default('pending'),
    attempt: integer('attempt').notNull().default(0),
    // The execution that ran a script node (also linked back from executions.workflow_run_id).
    executionId: uuid('execution_id').references(() => executions.id, { onDelete: 'set null' }),
    output: jsonb('output'),
    error: text('error'),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('workflow_run_nodes_run_node_uq').on(t.runId, t.nodeKey)],
);
