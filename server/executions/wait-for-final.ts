import { eq } from 'drizzle-orm';
import { setTimeout as sleep } from 'node:timers/promises';
import { db } from '@/db/client';
import { executions } from '@/db/schema';
import { CHANNEL, type StatusEvent } from '@/server/queue/channels';
import { createRedis } from '@/server/queue/connection';
import { finalStatuses } from './executions.schema';

export const isFinalStatus = (s: string) => (finalStatuses as readonly string[]).includes(s);

async function readExecution(id: string) {
  return (await db().select().from(executions).where(eq(executions.id, id)).limit(1))[0]!;
}

/**
 * Waits until an execution is final (for `wait: true` calls) or the deadline passes, then returns
 * the row as it is. Status events wake it at once; a slow re-read covers a missed message.
 */
export async function waitForFinal(id: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  const sub = createRedis({ maxRetriesPerRequest: 1 });
  let wake: () => void = () => undefined;
  sub.on('message', (_ch, msg) => {
    if ((JSON.parse(msg) as StatusEvent).id === id) wake();
  });
  try {
    await sub.subscribe(CHANNEL.executionStatus);
    for (;;) {
      const row = await readExecution(id);
      const left = deadline - Date.now();
      if (isFinalStatus(row.status) || left <= 0) return row;
      await Promise.race([new Promise<void>((r) => (wake = r)), sleep(Math.min(left, 1000))]);
    }
  } finally {
    sub.disconnect();
  }
}
