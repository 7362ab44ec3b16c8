import { sql } from 'drizzle-orm';
import {
  pgEnum,
  pgTable,
  text,
  timestamp,
  uuid,
  integer,
  jsonb,
  boolean,
  index,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { users } from './users';

export const languageEnum = pgEnum('script_language', ['python', 'bash']);
export const scriptStatusEnum = pgEnum('script_status', ['draft', 'active', 'disabled', 'archived']);
export const backoffEnum = pgEnum('retry_backoff', ['fixed', 'exponential']);

export const scripts = pgTable(
  'scripts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    category: text('category').notNull().default(''),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    language: languageEnum('language').notNull(),
    status: scriptStatusEnum('status').notNull().default('draft'),
    timeoutSeconds: integer('timeout_seconds').notNull(),
    maxRetries: integer('max_retries').notNull().default(0),
    retryBackoff: backoffEnum('retry_backoff').notNull().default('exponential'),
    retryDelaySeconds: integer('retry_delay_seconds').notNull().default(5),
    allowNetwork: boolean('allow_network').notNull().default(false),
    // A run whose worker died is run again elsewhere (up to 2 times) unless this is false.
    retryOnWorkerLoss: boolean('retry_on_worker_loss').notNull().default(true),
    maxConcurrency: integer('max_concurrency'),
    // Size of a run's /work and /tmp in MB; null = the worker's SANDBOX_DISK_MB, which also caps it.
    diskMb: integer('disk_mb'),
    parametersSchema: jsonb('parameters_schema'),
    currentVersion: integer('current_version').notNull().default(1),
    content: text('content').notNull(),
    // Last validation of the current content (syntax issues, dangerous-command findings), for list flags.
    validation: jsonb('validation'),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    templateId: uuid('template_id'),
    templateVersion: integer('template_version'),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Names are unique among live scripts only: a deleted script's name can be reused.
    uniqueIndex('scripts_name_live_uq')
      .on(sql`lower(${t.name})`)
      .where(sql`${t.deletedAt} is null`),
    index('scripts_status_idx').on(t.status),
    index('scripts_category_idx').on(t.category),
    index('scripts_tags_idx').using('gin', t.tags),
    index('scripts_updated_idx').on(t.updatedAt),
  ],
);

export const scriptVersions = pgTable(
  'script_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    scriptId: uuid('script_id')
      .notNull()
      .references(() => scripts.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    content: text('content').notNull(),
    message: text('message').notNull().default(''),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('script_versions_script_version_uq').on(t.scriptId, t.version)],
);
