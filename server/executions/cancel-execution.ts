import { and, eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { executions } from '@/db/schema';
import type { Actor, RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { AppError } from '@/server/errors/app-error';
import { publishCancel, publishStatus, removeQueuedJob } from '@/server/queue/execution-queue';
import { onExecutionFinal } from '@/server/workflows/on-execution-final';
import { recordFinalRollup } from '@/server/stats/record-final-rollup';
import { coded } from '@/server/messages/messages.shared';
import { isFinalStatus } from './wait-for-final';

const cancelledQueued = coded('execution.cancelled_queued');

/**
 * A queued run is removed from the queue and marked cancelled here. A running one is signalled
 * over Redis to whichever worker holds it; that worker kills the process group and writes the
 * final `cancelled` row.
 */
export async function cancelExecution(opts: {
  actor: Actor;
  id: string;
  meta?: RequestMeta;
}): Promise<{ id: string; status: string }> {
  assertCan(opts.actor, 'execution.cancel');
  const [row] = await db().select().from(executions).where(eq(executions.id, opts.id)).limit(1);
  if (!row) throw AppError.notFound('execution', opts.id);
  if (isFinalStatus(row.status)) throw new AppError('CONFLICT', `execution is already ${row.status}`);

  await removeQueuedJob(opts.id);
  const [cancelled] = await db()
    .update(executions)
    .set({
      status: 'cancelled',
      finishedAt: sql`now()`,
      error: cancelledQueued.message,
      errorCode: cancelledQueued.code,
      errorParams: cancelledQueued.params,
    })
    .where(and(eq(executions.id, opts.id), eq(executions.status, 'queued')))
    .returning();
  if (cancelled) {
    await recordFinalRollup(db(), cancelled);
    await publishStatus({
      id: opts.id,
      script_id: row.scriptId,
      status: 'cancelled',
      attempt: row.attempt,
      exit_code: null,
      at: new Date().toISOString(),
    });
    await onExecutionFinal(cancelled);
  } else {
    await publishCancel(opts.id);
  }
  await writeAudit({
    actor: opts.actor,
    action: 'execution.cancel',
    entityType: 'execution',
    entityId: opts.id,
    summary: coded(cancelled ? 'audit.cancelled_queued' : 'audit.cancel_requested'),
    meta: opts.meta,
  });
  return { id: opts.id, status: cancelled ? 'cancelled' : 'cancelling' };
}
