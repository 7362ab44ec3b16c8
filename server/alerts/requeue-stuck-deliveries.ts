import { and, eq, lt, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { alertDeliveries } from '@/db/schema';
import { enqueueAlertJob } from '@/server/queue/alert-queue';

/**
 * Deliveries recorded but never handed to the queue (Redis away at that moment, or the worker died
 * between the commit and the enqueue) are enqueued again. A delivery still in its retries keeps
 * its job: the job id is the delivery's, so the queue drops the repeat.
 */
export async function requeueStuckDeliveries(olderThanSeconds = 120): Promise<number> {
  const stuck = await db()
    .select({ id: alertDeliveries.id })
    .from(alertDeliveries)
    .where(
      and(
        eq(alertDeliveries.status, 'pending'),
        lt(alertDeliveries.createdAt, sql`now() - make_interval(secs => ${olderThanSeconds})`),
      ),
    )
    .limit(200);
  for (const d of stuck) await enqueueAlertJob({ kind: 'deliver', deliveryId: d.id });
  return stuck.length;
}
