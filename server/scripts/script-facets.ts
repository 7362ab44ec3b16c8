import { and, isNull, ne, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { scripts } from '@/db/schema';
import type { Actor, RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { AppError, type FieldError } from '@/server/errors/app-error';
import { updateScript } from './update-script';
import type { bulkStatusInput } from './scripts.schema';
import type { z } from 'zod';

/** Existing categories and tags, for autocomplete and list filters. */
export async function listScriptFacets(opts: { actor: Actor }): Promise<{ categories: string[]; tags: string[] }> {
  assertCan(opts.actor, 'script.read');
  const live = and(isNull(scripts.deletedAt), ne(scripts.status, 'archived'));
  const [categories, tags] = await Promise.all([
    db()
      .selectDistinct({ v: scripts.category })
      .from(scripts)
      .where(and(live, ne(scripts.category, '')))
      .orderBy(scripts.category),
    db().execute<{ v: string }>(
      sql`select distinct unnest(tags) as v from scripts where deleted_at is null order by 1`,
    ),
  ]);
  return { categories: categories.map((c) => c.v), tags: tags.rows.map((t) => t.v) };
}

/** Bulk status change; each script goes through the same activation rules as a single update. */
export async function setScriptsStatus(opts: {
  actor: Actor;
  input: z.infer<typeof bulkStatusInput>;
  meta?: RequestMeta;
}) {
  // `details` carry the findings' message codes, so the UI can say why in the reader's language.
  const results: { id: string; ok: boolean; error?: string; details?: FieldError[] }[] = [];
  for (const id of opts.input.ids) {
    try {
      await updateScript({ actor: opts.actor, input: { id, patch: { status: opts.input.status } }, meta: opts.meta });
      results.push({ id, ok: true });
    } catch (err) {
      const details = err instanceof AppError && err.details.some((d) => d.code) ? { details: err.details } : {};
      results.push({ id, ok: false, error: err instanceof Error ? err.message : String(err), ...details });
    }
  }
  return { results };
}
