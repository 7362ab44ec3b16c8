import { pgEnum, pgTable, text, timestamp, uuid, jsonb, boolean, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './users';

/** What a schedule or trigger starts: a union from the start, so workflows fit without a migration. */
export const targetTypeEnum = pgEnum('target_type', ['script', 'workflow']);
export const overlapPolicyEnum = pgEnum('overlap_policy', ['skip', 'allow']);

/**
 * Cron schedules. This table is the truth; BullMQ job schedulers (queue vss-schedules) mirror the
 * enabled rows and are reconciled from it at worker start, periodically, and on every change.
 */
export const schedules = pgTable(
  'schedules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    targetType: targetTypeEnum('target_type').notNull(),
    targetId: uuid('target_id').notNull(),
    cronExpression: text('cron_expression').notNull(),
    timezone: text('timezone').notNull().default('UTC'),
    inputParameters: jsonb('input_parameters').notNull().default({}),
    // Environment of a script target's runs; may hold `{{secret:NAME}}` references, never values.
    environmentVars: jsonb('environment_vars').notNull().default({}),
    enabled: boolean('enabled').notNull().default(true),
    startAt: timestamp('start_at', { withTimezone: true }),
    endAt: timestamp('end_at', { withTimezone: true }),
    overlapPolicy: overlapPolicyEnum('overlap_policy').notNull().default('skip'),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    lastFiredAt: timestamp('last_fired_at', { withTimezone: true }),
    lastExecutionId: uuid('last_execution_id'),
    // What happened at the last tick when it did not start a run (skipped, refused, failed).
    lastOutcome: text('last_outcome'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('schedules_enabled_idx').on(t.enabled), index('schedules_target_idx').on(t.targetType, t.targetId)],
);

/**
 * Event and webhook triggers. `event_pattern` (exact type, `camera.*` or `*`) subscribes to
 * POST /api/v1/events; a webhook token (stored as a SHA-256 hash) exposes POST /api/v1/hooks/{token}.
 */
export const triggers = pgTable(
  'triggers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    enabled: boolean('enabled').notNull().default(true),
    eventPattern: text('event_pattern'),
    // A jexl expression over payload, type and source; null matches every event of the pattern.
    filter: text('filter'),
    targetType: targetTypeEnum('target_type').notNull(),
    targetId: uuid('target_id').notNull(),
    // { parameter name: jexl expression }; null = the default input (event + payload fields).
    parameterMapping: jsonb('parameter_mapping'),
    // Environment of a script target's runs; may hold `{{secret:NAME}}` references, never values.
    environmentVars: jsonb('environment_vars').notNull().default({}),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    webhookTokenHash: text('webhook_token_hash'),
    webhookTokenPrefix: text('webhook_token_prefix'),
    // HMAC-SHA256 of the raw body, sealed (server/crypto/seal.ts) because it must be read back.
    webhookSecretSealed: text('webhook_secret_sealed'),
    webhookSignatureHeader: text('webhook_signature_header').notNull().default('X-Signature'),
    // Opt-in for old senders: also accept an HMAC of the body alone (no timestamp, so no replay protection).
    webhookBodyOnlySignature: boolean('webhook_body_only_signature').notNull().default(false),
    lastFiredAt: timestamp('last_fired_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('triggers_webhook_token_uq').on(t.webhookTokenHash), index('triggers_enabled_idx').on(t.enabled)],
);

/**
 * Every published event and every webhook delivery, with what it matched and started
 * (`deliveries`: [{trigger_id, trigger_name, outcome, execution_id?, workflow_run_id?, error?}]).
 */
export const events = pgTable(
  'events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull().default('event'), // event | webhook
    type: text('type').notNull(),
    source: text('source'),
    payload: jsonb('payload'),
    triggerId: uuid('trigger_id').references(() => triggers.id, { onDelete: 'set null' }),
    publishedBy: text('published_by'),
    deliveries: jsonb('deliveries').notNull().default([]),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('events_received_idx').on(t.receivedAt.desc()),
    index('events_type_idx').on(t.type, t.receivedAt.desc()),
    index('events_trigger_idx').on(t.triggerId, t.receivedAt.desc()),
    index('events_deliveries_idx').using('gin', t.deliveries),
  ],
);
