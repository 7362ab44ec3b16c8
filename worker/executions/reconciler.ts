import { and, eq, lt, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { executions, scripts } from '@/db/schema';
import { logger } from '@/server/log/logger';
import { redis } from '@/server/queue/connection';
import { enqueueExecution, executionQueue, jobState, publishStatus } from '@/server/queue/execution-queue';
import { onExecutionFinal } from '@/server/workflows/on-execution-final';
import { recordFinalRollup } from '@/server/stats/record-final-rollup';
import { statusEvent } from './execution-processor';

const LOCK_KEY = 'vss:reconciler-lock';
const GRACE_SECONDS = 30;

/**
 * PostgreSQL is the truth, Redis the transport. This sweep (one worker at a time, under a Redis
 * lock) repairs what a lost Redis or a crash can leave behind: a queued row with no job is enqueued
 * again; a running row whose job is gone is ended as "worker lost".
 */
export async function reconcileOnce(workerId: string): Promise<{ requeued: number; lost: number }> {
  const got = await redis().set(LOCK_KEY, workerId, 'EX', 20, 'NX');
  if (!got) return { requeued: 0, lost: 0 };
  let requeued = 0;
  let lost = 0;
  const stale = sql`now() - make_interval(secs => ${GRACE_SECONDS})`;
  const queued = await db()
    .select({ id: executions.id, maxAttempts: executions.maxAttempts, attempt: executions.attempt, backoff: scripts.retryBackoff, delay: scripts.retryDelaySeconds })
    .from(executions)
    .leftJoin(scripts, eq(scripts.id, executions.scriptId))
    .where(and(eq(executions.status, 'queued'), lt(executions.queuedAt, stale)))
    .limit(500);
  for (const q of queued) {
    const state = await jobState(q.id);
    if (state === 'waiting' || state === 'delayed' || state === 'active' || state === 'prioritized' || state === 'waiting-children') continue;
    if (state === 'completed' || state === 'failed') await (await executionQueue().getJob(q.id))?.remove().catch(() => undefined);
    const remaining = Math.max(1, q.maxAttempts - q.attempt + 1);
    await enqueueExecution(q.id, { maxAttempts: remaining, backoff: q.backoff ?? 'fixed', delaySeconds: q.delay ?? 5 });
    requeued++;
  }
  const running = await db()
    .select()
    .from(executions)
    .where(and(eq(executions.status, 'running'), lt(executions.startedAt, stale)))
    .limit(500);
  for (const r of running) {
    const state = await jobState(r.id);
    if (state === 'active' || state === 'waiting' || state === 'delayed' || state === 'prioritized') continue;
    const [ended] = await db()
      .update(executions)
      .set({ status: 'failed', error: `worker lost: ${r.workerId ?? 'unknown'} stopped and its job is gone`, finishedAt: sql`now()` })
      .where(and(eq(executions.id, r.id), eq(executions.status, 'running')))
      .returning();
    if (ended) {
      await recordFinalRollup(db(), ended);
      await publishStatus(statusEvent(ended));
      await onExecutionFinal(ended);
      lost++;
    }
  }
  if (requeued || lost) logger().warn({ requeued, lost }, 'reconciler repaired executions');
  return { requeued, lost };
}
