import { and, count, eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { whileDbUnavailable } from '@/db/availability';
import { executionAttempts, executions } from '@/db/schema';
import { lostAttemptSettlement } from '@/server/executions/lifecycle/lost-attempt';
import { WORKER_LOST } from '@/server/executions/worker-loss';
import { logger } from '@/server/log/logger';
import { publishStatus } from '@/server/queue/execution-queue';
import { redis } from '@/server/queue/connection';
import { WORKER_HEARTBEAT_MS } from '@/server/queue/queues';
import { getWorker } from '@/server/queue/workers-registry';
import { recordFinalRollup } from '@/server/stats/record-final-rollup';
import { onExecutionFinal } from '@/server/workflows/on-execution-final';
import { emitRunEnded } from '@/server/alerts/emit-run-ended';

type ExecutionRow = typeof executions.$inferSelect;

/**
 * Whether the worker recorded on a `running` row is alive and still running it (its heartbeat lists
 * the run). A busy worker whose BullMQ lock lapsed is not dead: its run must not be started twice.
 */
export async function holderStillRuns(row: Pick<ExecutionRow, 'id' | 'workerId'>): Promise<boolean> {
  if (!row.workerId) return false;
  const info = await getWorker(row.workerId);
  if (info) return !!info.executions?.includes(row.id);
  // No heartbeat: conclusive, unless Redis itself has just restarted (a lost key, or workers that
  // have not beaten since): then the holder is given three heartbeats to show up.
  return (await redisUptimeSeconds()) * 1000 < WORKER_HEARTBEAT_MS * 3;
}

async function redisUptimeSeconds(): Promise<number> {
  const info = await redis().info('server');
  return Number(/uptime_in_seconds:(\d+)/.exec(info)?.[1] ?? Infinity);
}

export function statusEvent(r: ExecutionRow) {
  return {
    id: r.id,
    script_id: r.scriptId,
    status: r.status,
    attempt: r.attempt,
    exit_code: r.exitCode,
    at: new Date().toISOString(),
  };
}

/**
 * The previous holder of this run died. Its attempt is recorded as failed with the cause
 * `worker_lost`; the run is then run again as a new attempt (the platform's re-run, not one of the
 * script's retries: max_attempts grows with it), or ends failed with the cause when it opted out or
 * has used its re-runs. Returns the row as it is afterwards.
 */
export async function settleLostAttempt(row: ExecutionRow): Promise<ExecutionRow | undefined> {
  const now = new Date();
  const next = await whileDbUnavailable(() =>
    db().transaction(async (tx) => {
      const [counted] = await tx
        .select({ lost: count() })
        .from(executionAttempts)
        .where(and(eq(executionAttempts.executionId, row.id), eq(executionAttempts.cause, WORKER_LOST)));
      const settled = lostAttemptSettlement(row, counted?.lost ?? 0, now);
      const [n] = await tx
        .update(executions)
        .set(settled.change)
        .where(and(eq(executions.id, row.id), eq(executions.status, 'running'), eq(executions.attempt, row.attempt)))
        .returning();
      if (n) {
        await tx
          .insert(executionAttempts)
          .values({ executionId: row.id, cause: WORKER_LOST, ...settled.attempt })
          .onConflictDoNothing();
      }
      return n;
    }),
  );
  if (!next)
    return whileDbUnavailable(
      async () => (await db().select().from(executions).where(eq(executions.id, row.id)).limit(1))[0],
    );
  logger().warn(
    { executionId: row.id, lostWorker: row.workerId, attempt: row.attempt, status: next.status },
    next.error ?? 'worker lost',
  );
  if (next.status === 'failed') {
    await whileDbUnavailable(() => recordFinalRollup(db(), next));
    await onExecutionFinal(next);
    void emitRunEnded({ subject: 'execution', id: next.id, status: next.status });
  }
  await publishStatus(statusEvent(next)).catch(() => undefined);
  return next;
}
