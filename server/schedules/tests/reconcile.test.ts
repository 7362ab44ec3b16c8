import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { setTimeout as sleep } from 'node:timers/promises';
import { db } from '@/db/client';
import { executions, schedules } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { createTestActor } from '@/server/test/fixtures';
import { scriptFor } from '@/server/executions/tests/engine-harness';
import { redis } from '@/server/queue/connection';
import { listScheduleJobs, removeScheduleJob, scheduleQueue } from '@/server/queue/schedule-queue';
import { startTestWorker, type WorkerRuntime } from '@/server/test/worker-harness';
import { createSchedule } from '../create-schedule';
import { setScheduleEnabled } from '../set-schedule-enabled';
import { reconcileSchedules } from '../sync-schedule';

let admin: Actor;
let inProcess: WorkerRuntime | undefined;
let child: ChildProcess | undefined;

/** A second worker, as a real separate process (worker/main.ts), sharing PostgreSQL and Redis. */
function startWorkerProcess(): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(process.cwd(), 'worker', 'main.ts')], {
    env: { ...process.env, MAX_CONCURRENT_SCRIPTS: '2' },
    stdio: 'ignore',
  });
}

async function stopProcess(p: ChildProcess) {
  if (p.exitCode !== null) return;
  p.kill('SIGTERM');
  await new Promise((r) => p.once('exit', r));
}

const runsOf = (scheduleId: string) =>
  db()
    .select()
    .from(executions)
    .where(and(eq(executions.triggerRef, scheduleId), eq(executions.triggerType, 'schedule')));
const fireMs = (key: string | null) => Number(key!.split(':').pop());

async function waitForRuns(scheduleId: string, n: number, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const runs = await runsOf(scheduleId);
    if (runs.length >= n) return runs;
    if (Date.now() > deadline) throw new Error(`only ${runs.length} runs of ${scheduleId} after ${timeoutMs} ms`);
    await sleep(250);
  }
}

beforeAll(async () => {
  admin = await createTestActor('admin');
});
afterAll(async () => {
  if (child) await stopProcess(child);
  await inProcess?.stop(2000);
});

describe('the schedules table is the truth; BullMQ mirrors it', () => {
  it('two workers, one restarted twice: every tick runs exactly once, none is lost', async () => {
    inProcess = await startTestWorker({ concurrency: 4 });
    child = startWorkerProcess();
    const s = await scriptFor(admin, 'echo tick', 'bash', { status: 'active' });
    const sch = await createSchedule({
      actor: admin,
      input: {
        name: 'two workers',
        target_type: 'script',
        target_id: s.id,
        cron_expression: '*/2 * * * * *',
        overlap_policy: 'allow',
      },
    });
    await waitForRuns(sch.id, 3);
    // Restart the child worker twice: each start reconciles (upserts every enabled schedule).
    for (let i = 0; i < 2; i++) {
      await stopProcess(child);
      child = startWorkerProcess();
      const before = (await runsOf(sch.id)).length;
      await waitForRuns(sch.id, before + 3);
    }
    // Reconciliation running while ticks fire changes nothing either.
    await reconcileSchedules({ full: true });
    await reconcileSchedules();
    const before = (await runsOf(sch.id)).length;
    await waitForRuns(sch.id, before + 2);
    await setScheduleEnabled({ actor: admin, id: sch.id, enabled: false });
    await sleep(2500); // let a tick taken before the pause land

    const runs = await runsOf(sch.id);
    const ticks = runs.map((r) => fireMs(r.idempotencyKey)).sort((a, b) => a - b);
    const perTick = new Map<number, number>();
    for (const t of ticks) perTick.set(t, (perTick.get(t) ?? 0) + 1);
    expect([...perTick.values()].every((n) => n === 1)).toBe(true);
    // No tick between the first and the last went missing across the restarts.
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]! - ticks[i - 1]!).toBe(2000);
    expect(ticks.length).toBeGreaterThanOrEqual(11);
    // Paused: the queue holds no scheduler for it any more, on either worker's account.
    expect((await listScheduleJobs()).filter((j) => j.scheduleId === sch.id)).toHaveLength(0);
  }, 180_000);

  it('reconciliation restores a scheduler lost from Redis and removes one without an enabled row', async () => {
    inProcess ??= await startTestWorker({ concurrency: 2 });
    const s = await scriptFor(admin, 'echo tick', 'bash', { status: 'active' });
    const sch = await createSchedule({
      actor: admin,
      input: { name: 'lost', target_type: 'script', target_id: s.id, cron_expression: '0 0 1 1 *' },
    });
    expect((await listScheduleJobs()).map((j) => j.scheduleId)).toContain(sch.id);
    await removeScheduleJob(sch.id); // Redis lost it
    expect((await listScheduleJobs()).map((j) => j.scheduleId)).not.toContain(sch.id);
    const r1 = await reconcileSchedules();
    expect(r1.upserted).toContain(sch.id);
    const mirrored = (await listScheduleJobs()).find((j) => j.scheduleId === sch.id)!;
    expect(mirrored.pattern).toBe('0 0 1 1 *');
    expect(mirrored.tz).toBe('UTC');

    // A row disabled behind the service's back (direct SQL): its scheduler is removed.
    await db().update(schedules).set({ enabled: false }).where(eq(schedules.id, sch.id));
    const r2 = await reconcileSchedules();
    expect(r2.removed).toContain(sch.id);
    expect((await listScheduleJobs()).map((j) => j.scheduleId)).not.toContain(sch.id);

    // A scheduler whose next job vanished is re-created too.
    await db().update(schedules).set({ enabled: true }).where(eq(schedules.id, sch.id));
    await reconcileSchedules();
    const m = (await listScheduleJobs()).find((j) => j.scheduleId === sch.id)!;
    // BullMQ refuses to remove a scheduler's job, so simulate the loss in Redis directly.
    const jobId = `repeat:${sch.id}:${m.next}`;
    const keyPrefix = `${process.env.QUEUE_PREFIX}:vss-schedules`;
    await redis().multi().del(`${keyPrefix}:${jobId}`).zrem(`${keyPrefix}:delayed`, jobId).exec();
    expect(await scheduleQueue().getJob(jobId)).toBeUndefined();
    expect((await reconcileSchedules()).upserted).toContain(sch.id);
    const again = (await listScheduleJobs()).find((j) => j.scheduleId === sch.id)!;
    expect(await scheduleQueue().getJob(`repeat:${sch.id}:${again.next}`)).toBeDefined();
    // A healthy scheduler is left alone by the periodic pass.
    expect((await reconcileSchedules()).upserted).not.toContain(sch.id);
  });
});
