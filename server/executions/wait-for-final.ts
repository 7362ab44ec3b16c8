import { eq, sql } from 'drizzle-orm';
import { AppError } from '@/server/errors/app-error';
import { setTimeout as sleep } from 'node:timers/promises';
import { db } from '@/db/client';
import { executions } from '@/db/schema';
import { watchStatus, type StatusWakeup } from '@/server/queue/status-wakeups';
import { finalStatuses } from './executions.schema';

export const isFinalStatus = (s: string) => (finalStatuses as readonly string[]).includes(s);

export async function readExecution(id: string) {
  const row = (await db().select().from(executions).where(eq(executions.id, id)).limit(1))[0];
  // Only a run accepted without waiting for the disk can vanish: with a database crash before its
  // claim (see execute-script.ts). Nothing of it ran; the caller may send the request again.
  if (!row)
    throw new AppError(
      'UNAVAILABLE',
      'the run was lost with a database restart before it started; send the request again',
    );
  return row;
}

/**
 * Waits until an execution is final (for `wait: true` calls) or the deadline passes, then returns
 * the row as it is. Interest is registered on the process's one status subscriber before the row
 * is read, so an event published in between wakes the wait at once; a slow re-read covers an event
 * lost while Redis was away. The row is read again only when an event names a final status (or
 * after that slow interval), not at every step of the run.
 * `registered`: a wake-up the caller registered before the run could change (before its job was
 * enqueued) and still live; then the row it just wrote is known to be queued and is not read first.
 * `read`: how the row is read (execute-script.ts reads the output tail at the same time).
 * `lazyCommit`: the row was written without waiting for the disk; a run's claim and end commit
 * synchronously, but one answered before either (deadline while queued) is made durable first.
 */
export async function waitForFinal<Row extends { status: string } = Awaited<ReturnType<typeof readExecution>>>(
  id: string,
  timeoutMs: number,
  opts: { registered?: StatusWakeup; lazyCommit?: boolean; read?: (id: string) => Promise<Row> } = {},
): Promise<Row> {
  const read = opts.read ?? (readExecution as unknown as (id: string) => Promise<Row>);
  const { registered } = opts;
  const deadline = Date.now() + timeoutMs;
  const wakeup = registered ?? (await watchStatus(id));
  let mustRead = !registered?.live;
  try {
    for (;;) {
      const left = deadline - Date.now();
      if (mustRead || left <= 0) {
        const row = await read(id);
        if (isFinalStatus(row.status)) return row;
        if (deadline - Date.now() <= 0) {
          // A transaction with an id commits synchronously, flushing the WAL before it: the accept's too.
          if (opts.lazyCommit && row.status === 'queued') await db().execute(sql`select txid_current()`);
          return row;
        }
      }
      const idle = sleep(Math.min(Math.max(left, 0), 1000), undefined, { ref: false }).then(() => null);
      const status = await Promise.race([wakeup.next(), idle]);
      mustRead = status === null || isFinalStatus(status);
    }
  } finally {
    wakeup.close();
  }
}
