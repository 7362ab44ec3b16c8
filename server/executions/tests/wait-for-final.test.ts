import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { closeDb, db, lazyCommitDb } from '@/db/client';
import { executions } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { closeRedis, publisher } from '@/server/queue/connection';
import { CHANNEL } from '@/server/queue/channels';
import { closeStatusWakeups, watchStatus } from '@/server/queue/status-wakeups';
import { createTestActor } from '@/server/test/fixtures';
import { acceptExecution } from '../execute-script';
import { waitForFinal } from '../wait-for-final';
import { scriptFor } from './engine-harness';

// No worker here: the runs stay queued unless the test moves them.
let admin: Actor & { type: 'user' };
beforeAll(async () => {
  admin = await createTestActor('admin');
});
afterAll(async () => {
  closeStatusWakeups();
  await closeRedis();
  await closeDb();
});

const publish = (id: string, status: string) =>
  publisher().publish(
    CHANNEL.executionStatus,
    JSON.stringify({ id, script_id: null, status, attempt: 1, exit_code: null, at: new Date().toISOString() }),
  );

async function queuedRun() {
  const s = await scriptFor(admin, 'true\n');
  // As a wait=true request accepts: on the connections that do not wait for the disk.
  const { row } = await acceptExecution({
    actor: admin,
    input: { id: s.id, wait: true },
    trigger: 'api',
    tx: lazyCommitDb(),
  });
  return row;
}

describe('waitForFinal', () => {
  it('answers at the final event, not at a step before it, and answers the row as written', async () => {
    const row = await queuedRun();
    const wakeup = await watchStatus(row.id);
    let answered = false;
    const waiting = waitForFinal(row.id, 10_000, { registered: wakeup, lazyCommit: true }).then((r) => {
      answered = true;
      return r;
    });
    await db().update(executions).set({ status: 'running', startedAt: new Date() }).where(eq(executions.id, row.id));
    await publish(row.id, 'running');
    await new Promise((r) => setTimeout(r, 100));
    expect(answered).toBe(false);
    await db()
      .update(executions)
      .set({ status: 'succeeded', exitCode: 0, finishedAt: new Date(), durationMs: 1 })
      .where(eq(executions.id, row.id));
    await publish(row.id, 'succeeded');
    const t = Date.now();
    expect((await waiting).status).toBe('succeeded');
    expect(Date.now() - t).toBeLessThan(500); // woken by the event, not by the 1 s re-read
  });

  it('answers a run still queued at its deadline', async () => {
    const row = await queuedRun();
    const t = Date.now();
    const answer = await waitForFinal(row.id, 300, { registered: await watchStatus(row.id), lazyCommit: true });
    expect(answer.status).toBe('queued');
    expect(Date.now() - t).toBeGreaterThanOrEqual(290);
  });

  it('answers 503 (send again) for a run whose row is gone, as after a database crash before its claim', async () => {
    const row = await queuedRun();
    await db().delete(executions).where(eq(executions.id, row.id));
    await expect(waitForFinal(row.id, 2000)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
