import { eq } from 'drizzle-orm';
import { setTimeout as sleep } from 'node:timers/promises';
import { db } from '@/db/client';
import { executions } from '@/db/schema';
import { watchStatus } from '@/server/queue/status-wakeups';
import { finalStatuses } from './executions.schema';

export const isFinalStatus = (s: string) => (finalStatuses as readonly string[]).includes(s);

async function readExecution(id: string) {
  return (await db().select().from(executions).where(eq(executions.id, id)).limit(1))[0]!;
}

/**
 * Waits until an execution is final (for `wait: true` calls) or the deadline passes, then returns
 * the row as it is. Interest is registered on the process's one status subscriber before the row
 * is read, so an event published in between wakes the wait at once; a slow re-read covers an event
 * lost while Redis was away.
 */
export async function waitForFinal(id: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  const wakeup = await watchStatus(id);
  try {
    for (;;) {
      const row = await readExecution(id);
      const left = deadline - Date.now();
      if (isFinalStatus(row.status) || left <= 0) return row;
      const idle = sleep(Math.min(left, 1000), undefined, { ref: false });
      await Promise.race([wakeup.next(), idle]);
    }
  } finally {
    wakeup.close();
  }
}
