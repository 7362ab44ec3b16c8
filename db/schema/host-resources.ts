import { sql } from 'drizzle-orm';
import { pgEnum, pgTable, primaryKey, text, timestamp, uuid, integer, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { scripts } from './scripts';
import { roleEnum, users } from './users';

export const hostResourceKindEnum = pgEnum('host_resource_kind', ['directory', 'file', 'socket', 'device']);
export const hostResourceModeEnum = pgEnum('host_resource_mode', ['read-only', 'read-write']);
export const hostGrantStateEnum = pgEnum('host_grant_state', ['granted', 'suspended']);

/** A host path an administrator has made available to scripts (issue #25, server/host-resources). */
export const hostResources = pgTable(
  'host_resources',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    path: text('path').notNull(),
    kind: hostResourceKindEnum('kind').notNull(),
    mode: hostResourceModeEnum('mode').notNull(),
    // Who may attach it to a script besides administrators.
    grantRoles: roleEnum('grant_roles')
      .array()
      .notNull()
      .default(sql`'{}'`),
    grantUserIds: uuid('grant_user_ids')
      .array()
      .notNull()
      .default(sql`'{}'`),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('host_resources_name_uq').on(t.name), uniqueIndex('host_resources_path_uq').on(t.path)],
);

/**
 * A script's declared host resources. `granted` rows are bound into its runs; a `suspended` one
 * (content changed by someone who may not grant it) makes its runs fail until it is granted again.
 */
export const scriptHostResources = pgTable(
  'script_host_resources',
  {
    scriptId: uuid('script_id')
      .notNull()
      .references(() => scripts.id, { onDelete: 'cascade' }),
    // A resource in use cannot be deleted (the service says which scripts use it).
    resourceId: uuid('resource_id')
      .notNull()
      .references(() => hostResources.id, { onDelete: 'restrict' }),
    state: hostGrantStateEnum('state').notNull().default('granted'),
    grantedBy: uuid('granted_by').references(() => users.id, { onDelete: 'set null' }),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
    // The script version the grant was given (or suspended) for.
    scriptVersion: integer('script_version').notNull(),
    reason: text('reason').notNull().default(''),
  },
  (t) => [
    primaryKey({ columns: [t.scriptId, t.resourceId] }),
    index('script_host_resources_resource_idx').on(t.resourceId),
  ],
);
