import { and, eq, isNull, lte, or } from 'drizzle-orm';
import { db } from '@/db/client';
import { schedules } from '@/db/schema';
import { systemActor } from '@/server/auth/actor';
import { writeAudit } from '@/server/audit/write-audit';
import { env } from '@/server/env';
import { AppError } from '@/server/errors/app-error';
import { logger } from '@/server/log/logger';
import { ownerActor } from '@/server/triggers/owner-actor';
import { runStatuses, startTarget } from '@/server/triggers/start-target';
import { getScheduleRow } from './get-schedule';
import { coded } from '@/server/messages/messages.shared';

export type FireOutcome =
  | { outcome: 'started'; runId: string; created: boolean }
  | { outcome: 'gone' | 'paused' | 'outside_window' | 'missed' | 'skipped_overlap' | 'stale' }
  | { outcome: 'refused'; error: string };

/**
 * One tick of one schedule, as the worker receives it from the queue. The row is re-read and
 * locked (so ticks of one schedule are handled one at a time across all workers), then checked:
 * still there and enabled, inside its window, not too late (missed ticks are skipped), no run of
 * its own still going when the overlap policy is `skip`. The run is started with the idempotency
 * key `schedule:<id>:<fire epoch ms>`, so a tick delivered twice still starts one run.
 *
 * A refusal by a rule (target not active, owner not allowed) is recorded on the row and the audit
 * log, not thrown: the next tick is tried as usual. Infrastructure errors are thrown, so the queue
 * retries the tick.
 */
export async function fireSchedule(opts: { scheduleId: string; fireAt: number; now?: number }): Promise<FireOutcome> {
  const now = opts.now ?? Date.now();
  const fireAt = new Date(opts.fireAt);
  return db().transaction(async (tx) => {
    let row;
    try {
      row = await getScheduleRow(opts.scheduleId, tx, { forUpdate: true });
    } catch (err) {
      if (err instanceof AppError && err.code === 'NOT_FOUND') return { outcome: 'gone' as const };
      throw err;
    }
    if (!row.enabled) return { outcome: 'paused' as const };
    // A tick older than one already handled (a late retry) must not overwrite newer state.
    if (row.lastFiredAt && row.lastFiredAt.getTime() > fireAt.getTime()) return { outcome: 'stale' as const };
    // The same tick again (a redelivery after its run was recorded): answer with that run.
    if (row.lastFiredAt?.getTime() === fireAt.getTime() && row.lastOutcome === 'started' && row.lastExecutionId) {
      return { outcome: 'started' as const, runId: row.lastExecutionId, created: false };
    }

    const record = async (outcome: string, error: string | null, runId?: string) => {
      await tx
        .update(schedules)
        .set({
          lastFiredAt: fireAt,
          lastOutcome: outcome,
          lastError: error,
          ...(runId ? { lastExecutionId: runId } : {}),
        })
        .where(and(eq(schedules.id, row.id), or(isNull(schedules.lastFiredAt), lte(schedules.lastFiredAt, fireAt))));
    };

    if ((row.startAt && fireAt < row.startAt) || (row.endAt && fireAt > row.endAt))
      return { outcome: 'outside_window' as const };
    if (now - fireAt.getTime() > env().SCHEDULE_MISFIRE_GRACE_SECONDS * 1000) {
      await record(
        'missed',
        `tick of ${fireAt.toISOString()} handled ${Math.round((now - fireAt.getTime()) / 1000)} s late: skipped`,
      );
      return { outcome: 'missed' as const };
    }
    if (row.overlapPolicy === 'skip' && row.lastExecutionId) {
      const kind = row.targetType === 'script' ? ('execution' as const) : ('workflow_run' as const);
      const prev = (await runStatuses([{ kind, id: row.lastExecutionId }])).get(row.lastExecutionId);
      if (prev === 'queued' || prev === 'running') {
        await record('skipped_overlap', null);
        return { outcome: 'skipped_overlap' as const };
      }
    }

    try {
      const actor = await ownerActor(row.ownerId);
      const run = await startTarget({
        actor,
        target: { type: row.targetType, id: row.targetId },
        input: row.inputParameters as Record<string, unknown>,
        environment: row.environmentVars as Record<string, string>,
        trigger: 'schedule',
        triggerRef: row.id,
        idempotencyKey: `schedule:${row.id}:${fireAt.getTime()}`,
      });
      await record('started', null, run.id);
      return { outcome: 'started' as const, runId: run.id, created: run.created };
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      await record('refused', err.message);
      await writeAudit(
        {
          actor: systemActor('scheduler'),
          action: 'schedule.refused',
          entityType: 'schedule',
          entityId: row.id,
          summary: coded('audit.schedule_tick_refused', {
            at: fireAt.toISOString(),
            name: row.name,
            detail: err.message,
          }),
        },
        tx,
      );
      logger().warn({ scheduleId: row.id, reason: err.message }, 'schedule tick refused');
      return { outcome: 'refused' as const, error: err.message };
    }
  });
}
