import { and, asc, eq, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { db } from '@/db/client';
import { alertRules, scripts } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { AppError } from '@/server/errors/app-error';
import { ruleListQuery, type RuleDto } from './alerts.schema';
import { toRuleDtos } from './rule-dto';

/**
 * Every rule, or the rules that apply to one script (its own, its tags', everything's) or one
 * workflow (its own and everything's): what the Alerts panel of that page shows.
 */
export async function listAlertRules(opts: {
  actor: Actor;
  input?: z.input<typeof ruleListQuery>;
}): Promise<{ items: RuleDto[] }> {
  assertCan(opts.actor, 'alert.read');
  const parsed = ruleListQuery.safeParse(opts.input ?? {});
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const { script_id: scriptId, workflow_id: workflowId } = parsed.data;
  const filters: SQL[] = [];
  if (scriptId) {
    const tags = sql`(select ${scripts.tags} from ${scripts} where ${scripts.id} = ${scriptId})`;
    filters.push(
      or(
        and(eq(alertRules.targetType, 'script'), eq(alertRules.targetId, scriptId)),
        and(eq(alertRules.targetType, 'tag'), sql`${alertRules.targetTag} = any(coalesce(${tags}, '{}'::text[]))`),
        eq(alertRules.targetType, 'all'),
      )!,
    );
  }
  if (workflowId) {
    filters.push(
      or(
        and(eq(alertRules.targetType, 'workflow'), eq(alertRules.targetId, workflowId)),
        eq(alertRules.targetType, 'all'),
      )!,
    );
  }
  const rows = await db()
    .select()
    .from(alertRules)
    .where(filters.length ? and(...filters) : undefined)
    .orderBy(asc(alertRules.name), asc(alertRules.id));
  return { items: await toRuleDtos(db(), opts.actor, rows) };
}
