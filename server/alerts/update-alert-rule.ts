import { eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { alertRules } from '@/db/schema';
import type { Actor, RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { AppError } from '@/server/errors/app-error';
import { updateRuleInput, type RuleDto, type UpdateRuleInput } from './alerts.schema';
import { describeRule } from './describe-rule';
import { announceRulesChanged } from './enabled-rules-cache';
import { getAlertRuleRow } from './get-alert-rule';
import { mayManageRule, targetOf, toRuleDtos } from './rule-dto';
import { assertRuleAllowed, targetColumns } from './rule-target';

/** Changes a rule; the caller must be allowed to manage both its old and its new target. */
export async function updateAlertRule(opts: {
  actor: Actor;
  input: UpdateRuleInput;
  meta?: RequestMeta;
}): Promise<RuleDto> {
  assertCan(opts.actor, 'alert.rule.write');
  const parsed = updateRuleInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const { id, patch } = parsed.data;
  const dto = await db().transaction(async (tx) => {
    const current = await getAlertRuleRow(id, tx, { forUpdate: true });
    if (!mayManageRule(opts.actor, targetOf(current)))
      throw new AppError('FORBIDDEN', `you may not change alert rule ${current.name}`);
    const target = patch.target ?? targetOf(current);
    const events = patch.on ?? current.events;
    const slowSeconds = patch.slow_seconds !== undefined ? patch.slow_seconds : current.slowSeconds;
    if (events.includes('slow') && !slowSeconds) {
      throw new AppError('VALIDATION_ERROR', "patch.slow_seconds: is required when 'on' includes 'slow'", {
        details: [{ field: 'patch.slow_seconds', message: "is required when 'on' includes 'slow'" }],
      });
    }
    await assertRuleAllowed(tx, opts.actor, target, patch.channel_ids ?? [], 'patch');
    const [row] = await tx
      .update(alertRules)
      .set({
        name: patch.name,
        events: patch.on,
        ...(patch.target ? targetColumns(patch.target) : {}),
        channelIds: patch.channel_ids,
        throttleMinutes: patch.throttle_minutes,
        slowSeconds: patch.slow_seconds,
        language: patch.language,
        enabled: patch.enabled,
        updatedAt: sql`now()`,
      })
      .where(eq(alertRules.id, id))
      .returning();
    await writeAudit(
      {
        actor: opts.actor,
        action: 'alert_rule.update',
        entityType: 'alert_rule',
        entityId: id,
        meta: opts.meta,
        summary: `alert rule ${row!.name}: ${describeRule(row!)}`,
      },
      tx,
    );
    return (await toRuleDtos(tx, opts.actor, [row!]))[0]!;
  });
  await announceRulesChanged();
  return dto;
}
