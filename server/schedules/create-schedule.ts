import { db } from '@/db/client';
import { schedules } from '@/db/schema';
import { actorUserId, type Actor, type RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { AppError } from '@/server/errors/app-error';
import { assertScheduleInput } from '@/server/triggers/assert-target-input';
import { assertTargetEnvironmentUsable, assertTargetUsable } from '@/server/triggers/start-target';
import { toScheduleDtos } from './get-schedule';
import { createScheduleInput, type CreateScheduleInput, type ScheduleDto } from './schedules.schema';
import { mirrorScheduleSafely } from './sync-schedule';
import { coded } from '@/server/messages/messages.shared';

/** The creator owns the schedule: ticks run with the owner's current permissions. */
export async function createSchedule(opts: {
  actor: Actor;
  input: CreateScheduleInput;
  meta?: RequestMeta;
}): Promise<ScheduleDto> {
  assertCan(opts.actor, 'schedule.write');
  const parsed = createScheduleInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const input = parsed.data;
  await assertTargetUsable(opts.actor, { type: input.target_type, id: input.target_id });
  await assertScheduleInput({ type: input.target_type, id: input.target_id }, input.input_parameters);
  await assertTargetEnvironmentUsable({
    actor: opts.actor,
    ownerId: actorUserId(opts.actor),
    target: { type: input.target_type, id: input.target_id },
    environment: input.environment_vars,
    context: `schedule "${input.name}" saved`,
    meta: opts.meta,
  });
  const row = await db().transaction(async (tx) => {
    const [r] = await tx
      .insert(schedules)
      .values({
        name: input.name,
        description: input.description,
        targetType: input.target_type,
        targetId: input.target_id,
        cronExpression: input.cron_expression,
        timezone: input.timezone,
        inputParameters: input.input_parameters,
        environmentVars: input.environment_vars,
        enabled: input.enabled,
        startAt: input.start_at ? new Date(input.start_at) : null,
        endAt: input.end_at ? new Date(input.end_at) : null,
        overlapPolicy: input.overlap_policy,
        ownerId: actorUserId(opts.actor),
      })
      .returning();
    const summary = coded('audit.schedule_created', {
      name: input.name,
      cron: input.cron_expression,
      timezone: input.timezone,
      target_code: `target.${input.target_type}`,
      target_id: input.target_id,
    });
    await writeAudit(
      {
        actor: opts.actor,
        action: 'schedule.create',
        entityType: 'schedule',
        entityId: r!.id,
        summary,
        meta: opts.meta,
      },
      tx,
    );
    return r!;
  });
  await mirrorScheduleSafely(row);
  return (await toScheduleDtos([row]))[0]!;
}
