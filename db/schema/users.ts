import { pgEnum, pgTable, text, timestamp, uuid, integer, boolean, index, jsonb } from 'drizzle-orm/pg-core';

export const roleEnum = pgEnum('role', ['admin', 'editor', 'operator', 'viewer']);

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  email: text('email').notNull().unique(),
  name: text('name').notNull().default(''),
  passwordHash: text('password_hash').notNull(),
  role: roleEnum('role').notNull().default('viewer'),
  disabled: boolean('disabled').notNull().default(false),
  // Raised by every change of password, role or status: sessions signed with an older one end.
  tokenVersion: integer('token_version').notNull().default(0),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const auditLogs = pgTable(
  'audit_logs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorType: text('actor_type').notNull(), // user | api_key | system
    actorId: text('actor_id'),
    actorLabel: text('actor_label'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    summary: text('summary').notNull().default(''),
    // `summary` as a message code with parameters (server/messages) for the UI's language; null on
    // rows written before codes existed.
    summaryCode: text('summary_code'),
    summaryParams: jsonb('summary_params'),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('audit_logs_at_idx').on(t.at), index('audit_logs_entity_idx').on(t.entityType, t.entityId)],
);
