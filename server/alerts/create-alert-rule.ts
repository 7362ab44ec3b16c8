import { db } from '@/db/client';
import { alertRules } from '@/db/schema';
import { actorUserId, type Actor, type RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { AppError } from '@/server/errors/app-error';
import { createRuleInput, type CreateRuleInput, type RuleDto } from './alerts.schema';
import { announceRulesChanged } from './enabled-rules-cache';
import { describeRule } from './describe-rule';
import { toRuleDtos } from './rule-dto';
import { assertRuleAllowed, targetColumns } from './rule-target';

/** Adds a rule; editors for what they can edit, admins for anything. */
export async function createAlertRule(opts: {
  actor: Actor;
  input: CreateRuleInput;
  meta?: RequestMeta;
}): Promise<RuleDto> {
  assertCan(opts.actor, 'alert.rule.write');
  const parsed = createRuleInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const input = parsed.data;
  const dto = await db().transaction(async (tx) => {
    await assertRuleAllowed(tx, opts.actor, input.target, input.channel_ids);
    const [row] = await tx
      .insert(alertRules)
      .values({
        name: input.name,
        events: input.on,
        ...targetColumns(input.target),
        channelIds: input.channel_ids,
        throttleMinutes: input.throttle_minutes,
        slowSeconds: input.slow_seconds,
        language: input.language,
        enabled: input.enabled,
        createdBy: actorUserId(opts.actor),
      })
      .returning();
    await writeAudit(
      {
        actor: opts.actor,
        action: 'alert_rule.create',
        entityType: 'alert_rule',
        entityId: row!.id,
        meta: opts.meta,
        summary: `alert rule ${input.name}: ${describeRule(row!)}`,
      },
      tx,
    );
    return (await toRuleDtos(tx, opts.actor, [row!]))[0]!;
  });
  await announceRulesChanged();
  return dto;
}
