import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { env } from '@/server/env';

/**
 * The delivery log follows RETENTION_DAYS like the runs it reports on: rows older than that are
 * deleted, at most `batch` per call (the consumer calls it every minute), oldest first. 0 keeps all.
 */
export async function pruneAlertDeliveries(opts: { days?: number; batch?: number } = {}): Promise<number> {
  const days = opts.days ?? env().RETENTION_DAYS;
  if (!days) return 0;
  const r = await db().execute(sql`
    delete from alert_deliveries where id in (
      select id from alert_deliveries
      where created_at < now() - make_interval(days => ${days})
      order by created_at
      limit ${opts.batch ?? 5_000})`);
  return r.rowCount ?? 0;
}
