import { and, eq, lt, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { executions, scripts } from '@/db/schema';
import { logger } from '@/server/log/logger';
import { redis } from '@/server/queue/connection';
import { enqueueExecution, executionQueue, jobState } from '@/server/queue/execution-queue';
import { holderStillRuns, settleLostAttempt } from './lost-attempt';

const LOCK_KEY = 'vss:reconciler-lock';
const GRACE_SECONDS = 30;

/**
 * PostgreSQL is the truth, Redis the transport. This sweep (one worker at a time, under a Redis
 * lock) repairs what a lost Redis or a crash can leave behind: a queued row with no job is enqueued
 * again; a running row whose job is gone and whose worker is gone (or no longer runs it) is settled
 * as a lost attempt: run again, or failed with the cause when it may not be (lost-attempt.ts).
 */
export async function reconcileOnce(workerId: string): Promise<{ requeued: number; lost: number }> {
  const got = await redis().set(LOCK_KEY, workerId, 'EX', 20, 'NX');
  if (!got) return { requeued: 0, lost: 0 };
  let requeued = 0;
  let lost = 0;
  const stale = sql`now() - make_interval(secs => ${GRACE_SECONDS})`;
  const queued = await db()
    .select({
      id: executions.id,
      maxAttempts: executions.maxAttempts,
      attempt: executions.attempt,
      backoff: scripts.retryBackoff,
      delay: scripts.retryDelaySeconds,
    })
    .from(executions)
    .leftJoin(scripts, eq(scripts.id, executions.scriptId))
    .where(and(eq(executions.status, 'queued'), lt(executions.queuedAt, stale)))
    .limit(500);
  for (const q of queued) {
    const state = await jobState(q.id);
    if (
      state === 'waiting' ||
      state === 'delayed' ||
      state === 'active' ||
      state === 'prioritized' ||
      state === 'waiting-children'
    )
      continue;
    if (state === 'completed' || state === 'failed')
      await (await executionQueue().getJob(q.id))?.remove().catch(() => undefined);
    const remaining = Math.max(1, q.maxAttempts - q.attempt + 1);
    await enqueueExecution(q.id, { maxAttempts: remaining, backoff: q.backoff ?? 'fixed', delaySeconds: q.delay ?? 5 });
    requeued++;
  }
  const running = await db()
    .select({ e: executions, backoff: scripts.retryBackoff, delay: scripts.retryDelaySeconds })
    .from(executions)
    .leftJoin(scripts, eq(scripts.id, executions.scriptId))
    .where(and(eq(executions.status, 'running'), lt(executions.startedAt, stale)))
    .limit(500);
  for (const { e: r, backoff, delay } of running) {
    const state = await jobState(r.id);
    if (state === 'active' || state === 'waiting' || state === 'delayed' || state === 'prioritized') continue;
    // Its job is gone (a Redis that lost its data): the run goes on while its worker is alive and runs it.
    if (await holderStillRuns(r)) continue;
    const next = await settleLostAttempt(r);
    if (next?.status === 'queued') {
      if (state === 'completed' || state === 'failed')
        await (await executionQueue().getJob(r.id))?.remove().catch(() => undefined);
      await enqueueExecution(r.id, {
        maxAttempts: Math.max(1, next.maxAttempts - next.attempt + 1),
        backoff: backoff ?? 'fixed',
        delaySeconds: delay ?? 5,
      });
    }
    if (next?.status === 'queued' || next?.status === 'failed') lost++;
  }
  if (requeued || lost) logger().warn({ requeued, lost }, 'reconciler repaired executions');
  return { requeued, lost };
}
