import { and, asc, eq, ilike, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import { containsPattern } from '@/db/like-pattern';
import { db } from '@/db/client';
import { scriptTemplates } from '@/db/schema';
import { actorUserId, type Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { AppError } from '@/server/errors/app-error';
import type { Page } from '@/server/scripts/list-scripts';
import { editableBy, visibleTo } from './template-access';
import { toTemplateDto } from './template-dto';
import { listTemplatesInput, type ListTemplatesInput, type TemplateDto } from './templates.schema';

export async function listTemplates(opts: { actor: Actor; input: ListTemplatesInput }): Promise<Page<TemplateDto>> {
  assertCan(opts.actor, 'template.read');
  const parsed = listTemplatesInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const q = parsed.data;
  const where: (SQL | undefined)[] = [isNull(scriptTemplates.deletedAt), visibleTo(opts.actor)];
  if (q.scope === 'builtin') where.push(eq(scriptTemplates.visibility, 'builtin'));
  if (q.scope === 'shared') where.push(eq(scriptTemplates.visibility, 'shared'));
  if (q.scope === 'mine') {
    const me = actorUserId(opts.actor);
    where.push(me ? and(eq(scriptTemplates.ownerId, me), ne(scriptTemplates.visibility, 'builtin')) : sql`false`);
  }
  if (q.language) where.push(eq(scriptTemplates.language, q.language));
  if (q.category) where.push(eq(scriptTemplates.category, q.category));
  if (q.search) {
    const term = containsPattern(q.search);
    where.push(
      or(
        ilike(scriptTemplates.name, term),
        ilike(scriptTemplates.description, term),
        ilike(scriptTemplates.category, term),
      ),
    );
  }
  const condition = and(...where);
  const [rows, [count]] = await Promise.all([
    db()
      .select()
      .from(scriptTemplates)
      .where(condition)
      .orderBy(asc(sql`lower(${scriptTemplates.name})`), asc(scriptTemplates.id))
      .limit(q.page_size)
      .offset((q.page - 1) * q.page_size),
    db()
      .select({ n: sql<number>`count(*)::int` })
      .from(scriptTemplates)
      .where(condition),
  ]);
  const total = count?.n ?? 0;
  return {
    items: rows.map((r) => toTemplateDto(r, editableBy(opts.actor, r))),
    total,
    page: q.page,
    page_size: q.page_size,
    pages: Math.max(1, Math.ceil(total / q.page_size)),
  };
}

/** Categories of the templates the actor can see, for the gallery filter. */
export async function listTemplateCategories(opts: { actor: Actor }): Promise<{ categories: string[] }> {
  assertCan(opts.actor, 'template.read');
  const rows = await db()
    .selectDistinct({ category: scriptTemplates.category })
    .from(scriptTemplates)
    .where(and(isNull(scriptTemplates.deletedAt), ne(scriptTemplates.category, ''), visibleTo(opts.actor)))
    .orderBy(asc(scriptTemplates.category));
  return { categories: rows.map((r) => r.category) };
}
