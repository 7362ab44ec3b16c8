import { and, asc, desc, eq, ilike, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import { containsPattern } from '@/db/like-pattern';
import { db } from '@/db/client';
import { scripts } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { AppError } from '@/server/errors/app-error';
import { toScriptDto } from './script-dto';
import { listScriptsInput, type ListScriptsInput, type ScriptDto } from './scripts.schema';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
  pages: number;
}

export async function listScripts(opts: { actor: Actor; input: ListScriptsInput }): Promise<Page<ScriptDto>> {
  assertCan(opts.actor, 'script.read');
  const parsed = listScriptsInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const q = parsed.data;
  const where: SQL[] = [isNull(scripts.deletedAt)];
  if (q.status) where.push(eq(scripts.status, q.status));
  else if (!q.include_archived) where.push(ne(scripts.status, 'archived'));
  if (q.language) where.push(eq(scripts.language, q.language));
  if (q.category) where.push(eq(scripts.category, q.category));
  if (q.tag) where.push(sql`${scripts.tags} @> array[${q.tag}]::text[]`);
  if (q.search) {
    const term = containsPattern(q.search);
    where.push(or(ilike(scripts.name, term), ilike(scripts.description, term), ilike(scripts.category, term))!);
  }
  // Names sort as people read them: "alpha" next to "Alpha", not after every capital (byte order).
  const column = { name: sql`lower(${scripts.name})`, updated_at: scripts.updatedAt, created_at: scripts.createdAt }[
    q.sort
  ];
  const condition = and(...where);
  const [rows, [count]] = await Promise.all([
    db()
      .select({
        script: scripts,
        // The outer column is spelled out: drizzle renders ${scripts.id} unqualified inside a
        // select list, which the subquery would resolve to its own table's id.
        last: sql<{ id: string; status: string; queued_at: string } | null>`(
          select json_build_object('id', e.id, 'status', e.status, 'queued_at', e.queued_at)
          from executions e where e.script_id = "scripts"."id" order by e.queued_at desc limit 1)`,
      })
      .from(scripts)
      .where(condition)
      .orderBy(q.order === 'asc' ? asc(column) : desc(column), asc(scripts.id))
      .limit(q.page_size)
      .offset((q.page - 1) * q.page_size),
    db()
      .select({ n: sql<number>`count(*)::int` })
      .from(scripts)
      .where(condition),
  ]);
  const total = count?.n ?? 0;
  return {
    items: rows.map((r) => toScriptDto(r.script, r.last)),
    total,
    page: q.page,
    page_size: q.page_size,
    pages: Math.max(1, Math.ceil(total / q.page_size)),
  };
}
