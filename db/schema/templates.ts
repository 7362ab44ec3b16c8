import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { languageEnum } from './scripts';
import { users } from './users';

export const templateVisibilityEnum = pgEnum('template_visibility', ['private', 'shared', 'builtin']);

/** One parameter of a template, as stored (validated by server/templates/templates.schema.ts). */
export interface StoredTemplateParameter {
  name: string;
  label: string;
  type: 'string' | 'number' | 'boolean' | 'enum' | 'secret';
  default?: string | number | boolean | null;
  required: boolean;
  description: string;
  validation: { pattern?: string; min?: number; max?: number; options?: string[] };
}

export const scriptTemplates = pgTable(
  'script_templates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    category: text('category').notNull().default(''),
    language: languageEnum('language').notNull(),
    /** Script text with `{{name}}` placeholders. */
    content: text('content').notNull(),
    parameters: jsonb('parameters')
      .$type<StoredTemplateParameter[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    visibility: templateVisibilityEnum('visibility').notNull().default('private'),
    /** Bumps whenever content or parameters change; scripts record the version they came from. */
    version: integer('version').notNull().default(1),
    /** Scripts made from it get network access by default (the user may still turn it off). */
    needsNetwork: boolean('needs_network').notNull().default(false),
    /** Stable key of a built-in template (seeding matches on it); null for user templates. */
    builtinKey: text('builtin_key'),
    /** Hash of the built-in definition last seeded, so an upgrade rewrites only what changed. */
    builtinHash: text('builtin_hash'),
    usageCount: integer('usage_count').notNull().default(0),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('script_templates_name_live_uq')
      .on(sql`lower(${t.name})`)
      .where(sql`${t.deletedAt} is null`),
    uniqueIndex('script_templates_builtin_key_uq').on(t.builtinKey),
    index('script_templates_visibility_idx').on(t.visibility),
    index('script_templates_owner_idx').on(t.ownerId),
    index('script_templates_category_idx').on(t.category),
  ],
);
