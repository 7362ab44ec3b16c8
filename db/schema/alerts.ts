import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './users';

export const alertChannelTypeEnum = pgEnum('alert_channel_type', ['webhook', 'dingtalk', 'wecom', 'feishu', 'email']);
export const alertTargetTypeEnum = pgEnum('alert_target_type', ['script', 'workflow', 'tag', 'all']);
export const alertDeliveryStatusEnum = pgEnum('alert_delivery_status', ['pending', 'sent', 'failed']);

/**
 * Where alerts go (issue #23, server/alerts). The whole configuration is sealed (AES-GCM, like
 * secrets): robot URLs carry their access token, and sign keys and SMTP passwords are secrets.
 */
export const alertChannels = pgTable(
  'alert_channels',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    type: alertChannelTypeEnum('type').notNull(),
    configSealed: text('config_sealed').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('alert_channels_name_uq').on(sql`lower(${t.name})`)],
);

/** When a run's end is worth a message, for which scripts or workflows, and to which channels. */
export const alertRules = pgTable(
  'alert_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    events: text('events').array().notNull(),
    targetType: alertTargetTypeEnum('target_type').notNull(),
    targetId: uuid('target_id'),
    targetTag: text('target_tag'),
    channelIds: uuid('channel_ids')
      .array()
      .notNull()
      .default(sql`'{}'`),
    throttleMinutes: integer('throttle_minutes').notNull().default(0),
    slowSeconds: integer('slow_seconds'),
    language: text('language').notNull().default('en'),
    enabled: boolean('enabled').notNull().default(true),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('alert_rules_target_idx').on(t.targetType, t.targetId)],
);

/**
 * Throttle state per (rule, target): when its last message went out and what was held back since.
 * In PostgreSQL so a worker restart neither floods a group nor forgets what it owes a summary of.
 */
export const alertThrottles = pgTable(
  'alert_throttles',
  {
    ruleId: uuid('rule_id')
      .notNull()
      .references(() => alertRules.id, { onDelete: 'cascade' }),
    targetKey: text('target_key').notNull(),
    lastSentAt: timestamp('last_sent_at', { withTimezone: true }),
    suppressedCount: integer('suppressed_count').notNull().default(0),
    // { failed: 3, timed_out: 1, ... } of the held-back events, and the newest of them.
    suppressedEvents: jsonb('suppressed_events').notNull().default({}),
    suppressedSince: timestamp('suppressed_since', { withTimezone: true }),
    lastSuppressed: jsonb('last_suppressed'),
  },
  (t) => [primaryKey({ columns: [t.ruleId, t.targetKey] })],
);

/** One message to one channel: what was sent and how it went (the rule's delivery log). */
export const alertDeliveries = pgTable(
  'alert_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ruleId: uuid('rule_id')
      .notNull()
      .references(() => alertRules.id, { onDelete: 'cascade' }),
    channelId: uuid('channel_id').references(() => alertChannels.id, { onDelete: 'set null' }),
    channelName: text('channel_name').notNull(),
    channelType: alertChannelTypeEnum('channel_type').notNull(),
    event: text('event').notNull(),
    targetKey: text('target_key').notNull(),
    executionId: uuid('execution_id'),
    workflowRunId: uuid('workflow_run_id'),
    // The rendered alert (language-resolved facts); the channel's format is made from it at each try.
    message: jsonb('message').notNull(),
    status: alertDeliveryStatusEnum('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    responseCode: integer('response_code'),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('alert_deliveries_rule_created_idx').on(t.ruleId, t.createdAt.desc()),
    // Retention (RETENTION_DAYS) deletes the oldest first.
    index('alert_deliveries_created_idx').on(t.createdAt),
  ],
);
