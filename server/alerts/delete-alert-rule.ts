import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { alertRules } from '@/db/schema';
import type { Actor, RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { AppError } from '@/server/errors/app-error';
import { announceRulesChanged } from './enabled-rules-cache';
import { getAlertRuleRow } from './get-alert-rule';
import { mayManageRule, targetOf } from './rule-dto';

/** Deletes a rule with its throttle state and delivery log. */
export async function deleteAlertRule(opts: {
  actor: Actor;
  id: string;
  meta?: RequestMeta;
}): Promise<{ id: string; deleted: true }> {
  assertCan(opts.actor, 'alert.rule.write');
  await db().transaction(async (tx) => {
    const row = await getAlertRuleRow(opts.id, tx, { forUpdate: true });
    if (!mayManageRule(opts.actor, targetOf(row)))
      throw new AppError('FORBIDDEN', `you may not delete alert rule ${row.name}`);
    await tx.delete(alertRules).where(eq(alertRules.id, opts.id));
    await writeAudit(
      {
        actor: opts.actor,
        action: 'alert_rule.delete',
        entityType: 'alert_rule',
        entityId: opts.id,
        meta: opts.meta,
        summary: `alert rule ${row.name} deleted`,
      },
      tx,
    );
  });
  await announceRulesChanged();
  return { id: opts.id, deleted: true };
}
