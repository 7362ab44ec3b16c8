import { and, desc, eq, gte, ilike, lt, or, sql, type SQL } from 'drizzle-orm';
import { db } from '@/db/client';
import { containsPattern } from '@/db/like-pattern';
import { executions, scripts } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { AppError } from '@/server/errors/app-error';
import type { Page } from '@/server/scripts/list-scripts';
import { toExecutionDto } from './execution-dto';
import { countExecutions } from '@/server/stats/count-executions';
import { listExecutionsInput, type ExecutionDto, type ListExecutionsInput } from './executions.schema';

export async function listExecutions(opts: { actor: Actor; input: ListExecutionsInput }): Promise<Page<ExecutionDto>> {
  assertCan(opts.actor, 'execution.read');
  const parsed = listExecutionsInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const q = parsed.data;
  const where: SQL[] = [];
  if (q.script_id) where.push(eq(executions.scriptId, q.script_id));
  if (q.status) where.push(eq(executions.status, q.status));
  if (q.trigger_type) where.push(eq(executions.triggerType, q.trigger_type));
  if (q.from) where.push(gte(executions.queuedAt, q.from));
  if (q.to) where.push(lt(executions.queuedAt, q.to));
  if (q.search) {
    const byName = ilike(scripts.name, containsPattern(q.search));
    // An id is matched by its start only, and only when the text could be one (hex and dashes).
    const idPrefix = `${q.search.toLowerCase()}%`;
    const couldBeId = /^[0-9a-f-]{4,36}$/i.test(q.search);
    where.push(couldBeId ? or(byName, sql`${executions.id}::text like ${idPrefix}`)! : byName);
  }
  const condition = where.length ? and(...where) : undefined;
  const [rows, [count]] = await Promise.all([
    db()
      .select({ e: executions, name: scripts.name })
      .from(executions)
      .leftJoin(scripts, eq(scripts.id, executions.scriptId))
      .where(condition)
      .orderBy(desc(executions.queuedAt), desc(executions.id))
      .limit(q.page_size)
      .offset((q.page - 1) * q.page_size),
    // Without a date range the total comes from the rollups (exact, constant time); count(*) over a
    // million rows would cost ~100 ms per page.
    q.from || q.to || q.search
      ? db()
          .select({ n: sql<number>`count(*)::int` })
          .from(executions)
          .leftJoin(scripts, eq(scripts.id, executions.scriptId))
          .where(condition)
      : countExecutions({ script_id: q.script_id, status: q.status, trigger_type: q.trigger_type }).then((n) => [
          { n },
        ]),
  ]);
  const total = count?.n ?? 0;
  return {
    items: rows.map((r) => toExecutionDto(r.e, r.name)),
    total,
    page: q.page,
    page_size: q.page_size,
    pages: Math.max(1, Math.ceil(total / q.page_size)),
  };
}
