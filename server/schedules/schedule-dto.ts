import type { schedules } from '@/db/schema';
import { displaySavedEnvironment } from '@/server/triggers/start-target';
import { nextFireTimes } from './cron';
import type { ScheduleDto } from './schedules.schema';

export type ScheduleRow = typeof schedules.$inferSelect;

/** The next tick the schedule will fire at, or null when paused or its window has closed. */
export function nextRunAt(row: ScheduleRow, now = new Date()): Date | null {
  if (!row.enabled) return null;
  try {
    return (
      nextFireTimes(row.cronExpression, row.timezone, {
        from: now,
        count: 1,
        startAt: row.startAt,
        endAt: row.endAt,
      })[0] ?? null
    );
  } catch {
    return null;
  }
}

export function toScheduleDto(
  row: ScheduleRow,
  extra: { targetName?: string | null; lastRunStatus?: string | null; now?: Date } = {},
): ScheduleDto {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    target_type: row.targetType,
    target_id: row.targetId,
    target_name: extra.targetName ?? null,
    cron_expression: row.cronExpression,
    timezone: row.timezone,
    input_parameters: row.inputParameters as Record<string, unknown>,
    environment_vars: displaySavedEnvironment(row.environmentVars),
    enabled: row.enabled,
    start_at: row.startAt?.toISOString() ?? null,
    end_at: row.endAt?.toISOString() ?? null,
    overlap_policy: row.overlapPolicy,
    owner_id: row.ownerId,
    next_run_at: nextRunAt(row, extra.now)?.toISOString() ?? null,
    last_fired_at: row.lastFiredAt?.toISOString() ?? null,
    last_execution_id: row.lastExecutionId,
    last_run_status: extra.lastRunStatus ?? null,
    last_outcome: row.lastOutcome,
    last_error: row.lastError,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
