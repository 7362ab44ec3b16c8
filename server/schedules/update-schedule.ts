import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { schedules } from '@/db/schema';
import { actorUserId, type Actor, type RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { AppError } from '@/server/errors/app-error';
import { assertScheduleInput } from '@/server/triggers/assert-target-input';
import { assertTargetEnvironmentUsable, assertTargetUsable } from '@/server/triggers/start-target';
import { getScheduleRow, toScheduleDtos } from './get-schedule';
import { updateScheduleInput, type ScheduleDto, type UpdateScheduleInput } from './schedules.schema';
import { mirrorScheduleSafely } from './sync-schedule';
import { changedOfSummary } from '@/server/audit/changed-summary';

export async function updateSchedule(opts: {
  actor: Actor;
  input: UpdateScheduleInput;
  meta?: RequestMeta;
}): Promise<ScheduleDto> {
  assertCan(opts.actor, 'schedule.write');
  const parsed = updateScheduleInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const { id, patch } = parsed.data;
  const row = await db().transaction(async (tx) => {
    const current = await getScheduleRow(id, tx, { forUpdate: true });
    const startAt = patch.start_at === undefined ? current.startAt : patch.start_at ? new Date(patch.start_at) : null;
    const endAt = patch.end_at === undefined ? current.endAt : patch.end_at ? new Date(patch.end_at) : null;
    if (startAt && endAt && endAt <= startAt) {
      throw new AppError('VALIDATION_ERROR', 'end_at: must be after start_at', {
        details: [{ field: 'end_at', message: 'must be after start_at' }],
      });
    }
    const target = { type: patch.target_type ?? current.targetType, id: patch.target_id ?? current.targetId };
    if (patch.target_type !== undefined || patch.target_id !== undefined) await assertTargetUsable(opts.actor, target);
    await assertScheduleInput(target, patch.input_parameters ?? (current.inputParameters as Record<string, unknown>));
    await assertTargetEnvironmentUsable({
      actor: opts.actor,
      ownerId: current.ownerId ?? actorUserId(opts.actor),
      target,
      environment: patch.environment_vars ?? (current.environmentVars as Record<string, string>),
      context: `schedule "${current.name}" saved`,
      meta: opts.meta,
    });
    const [r] = await tx
      .update(schedules)
      .set({
        name: patch.name,
        description: patch.description,
        targetType: target.type,
        targetId: target.id,
        cronExpression: patch.cron_expression,
        timezone: patch.timezone,
        inputParameters: patch.input_parameters,
        environmentVars: patch.environment_vars,
        enabled: patch.enabled,
        startAt,
        endAt,
        overlapPolicy: patch.overlap_policy,
        // An orphaned schedule (owner deleted) is taken over by whoever edits it.
        ownerId: current.ownerId ?? actorUserId(opts.actor),
        updatedAt: new Date(),
      })
      .where(eq(schedules.id, id))
      .returning();
    await writeAudit(
      {
        actor: opts.actor,
        action: 'schedule.update',
        entityType: 'schedule',
        entityId: id,
        summary: changedOfSummary(Object.keys(patch), r!.name),
        meta: opts.meta,
      },
      tx,
    );
    return r!;
  });
  await mirrorScheduleSafely(row);
  return (await toScheduleDtos([row]))[0]!;
}
