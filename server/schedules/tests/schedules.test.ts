import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { setTimeout as sleep } from 'node:timers/promises';
import { db } from '@/db/client';
import { executions, workflowRuns } from '@/db/schema';
import { chain, n, workflowOf } from '@/server/workflows/tests/workflow-harness';
import type { Actor } from '@/server/auth/actor';
import { AppError } from '@/server/errors/app-error';
import { createTestActor } from '@/server/test/fixtures';
import { scriptFor } from '@/server/executions/tests/engine-harness';
import { listScheduleJobs } from '@/server/queue/schedule-queue';
import { startTestWorker, type WorkerRuntime } from '@/server/test/worker-harness';
import { createSchedule } from '../create-schedule';
import { deleteSchedule } from '../delete-schedule';
import { fireSchedule } from '../fire-schedule';
import { getSchedule } from '../get-schedule';
import { previewSchedule } from '../preview-schedule';
import { setScheduleEnabled } from '../set-schedule-enabled';
import { updateSchedule } from '../update-schedule';

let admin: Actor;
let worker: WorkerRuntime;

beforeAll(async () => {
  admin = await createTestActor('admin');
  worker = await startTestWorker({ concurrency: 4 });
});
afterAll(async () => {
  await worker?.stop(2000);
});

const runsOf = (scheduleId: string) =>
  db()
    .select()
    .from(executions)
    .where(and(eq(executions.triggerRef, scheduleId), eq(executions.triggerType, 'schedule')));

async function waitFor<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await sleep(200);
  }
}

const fireMs = (key: string | null) => Number(key!.split(':').pop());

async function expectAppError(p: Promise<unknown>, code: string, message: RegExp) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  expect((err as AppError).message).toMatch(message);
}

describe('schedule input rules', () => {
  it('refuses invalid cron expressions naming the field, unknown time zones, bad windows and workflow targets', async () => {
    const s = await scriptFor(admin, 'echo hi', 'bash', { status: 'active' });
    const base = { name: 'bad', target_type: 'script' as const, target_id: s.id, cron_expression: '0 9 * * *' };
    await expectAppError(
      createSchedule({ actor: admin, input: { ...base, cron_expression: '70 * * * *' } }),
      'VALIDATION_ERROR',
      /^cron_expression: minute field "70" is invalid/,
    );
    await expectAppError(
      createSchedule({ actor: admin, input: { ...base, cron_expression: '0 25 * * *' } }),
      'VALIDATION_ERROR',
      /^cron_expression: hour field "25"/,
    );
    await expectAppError(
      createSchedule({ actor: admin, input: { ...base, cron_expression: '*/0 * * * * *' } }),
      'VALIDATION_ERROR',
      /^cron_expression: second field/,
    );
    await expectAppError(
      createSchedule({ actor: admin, input: { ...base, cron_expression: '* * * *' } }),
      'VALIDATION_ERROR',
      /^cron_expression: must have 5 fields/,
    );
    await expectAppError(
      createSchedule({ actor: admin, input: { ...base, cron_expression: '0 0 30 2 *' } }),
      'VALIDATION_ERROR',
      /^cron_expression: never fires/,
    );
    await expectAppError(
      createSchedule({ actor: admin, input: { ...base, timezone: 'Mars/Olympus' } }),
      'VALIDATION_ERROR',
      /^timezone: is not a known IANA time zone/,
    );
    await expectAppError(
      createSchedule({
        actor: admin,
        input: { ...base, start_at: '2030-01-02T00:00:00Z', end_at: '2030-01-01T00:00:00Z' },
      }),
      'VALIDATION_ERROR',
      /^end_at: must be after start_at/,
    );
    await expectAppError(
      createSchedule({ actor: admin, input: { ...base, target_type: 'workflow' } }),
      'UNPROCESSABLE',
      /^target_id: workflow .* does not exist/,
    );
    await expectAppError(
      createSchedule({ actor: admin, input: { ...base, target_id: '00000000-0000-4000-8000-000000000000' } }),
      'UNPROCESSABLE',
      /does not exist/,
    );
    const viewer = await createTestActor('viewer');
    await expectAppError(createSchedule({ actor: viewer, input: base }), 'FORBIDDEN', /schedule.write/);
  });

  it('computes next fire times in the schedule time zone', () => {
    const now = new Date('2025-03-01T00:30:00Z');
    const shanghai = previewSchedule({
      actor: admin,
      input: { cron_expression: '0 9 * * *', timezone: 'Asia/Shanghai' },
      now,
    });
    const utc = previewSchedule({ actor: admin, input: { cron_expression: '0 9 * * *', timezone: 'UTC' }, now });
    // 09:00 in Shanghai (UTC+8) is 01:00 UTC: still ahead on 1 March at 00:30 UTC.
    expect(shanghai.next).toEqual([
      '2025-03-01T01:00:00.000Z',
      '2025-03-02T01:00:00.000Z',
      '2025-03-03T01:00:00.000Z',
      '2025-03-04T01:00:00.000Z',
      '2025-03-05T01:00:00.000Z',
    ]);
    expect(utc.next[0]).toBe('2025-03-01T09:00:00.000Z');
    expect(utc.next).toHaveLength(5);
    // Daylight saving: 09:00 in Paris is 08:00 UTC in winter and 07:00 UTC after 30 March 2025.
    const paris = previewSchedule({
      actor: admin,
      input: { cron_expression: '0 9 * * *', timezone: 'Europe/Paris', count: 31 },
      now,
    });
    expect(paris.next[0]).toBe('2025-03-01T08:00:00.000Z');
    expect(paris.next[30]).toBe('2025-03-31T07:00:00.000Z');
    // A window: nothing before start_at, nothing after end_at.
    const windowed = previewSchedule({
      actor: admin,
      input: {
        cron_expression: '0 9 * * *',
        timezone: 'UTC',
        start_at: '2025-03-10T00:00:00Z',
        end_at: '2025-03-11T12:00:00Z',
      },
      now,
    });
    expect(windowed.next).toEqual(['2025-03-10T09:00:00.000Z', '2025-03-11T09:00:00.000Z']);
  });
});

describe('schedules firing through BullMQ and the worker', () => {
  it('fires a per-second schedule on its ticks, as the owner, with trigger schedule and the schedule id as trigger_ref', async () => {
    const s = await scriptFor(admin, 'echo "tick $PARAM_CAMERA"', 'bash', { status: 'active' });
    const sch = await createSchedule({
      actor: admin,
      input: {
        name: 'every 2 s',
        target_type: 'script',
        target_id: s.id,
        cron_expression: '*/2 * * * * *',
        input_parameters: { camera: 'north' },
        overlap_policy: 'allow',
      },
    });
    expect(sch.next_run_at).not.toBeNull();
    expect(Date.parse(sch.next_run_at!) % 2000).toBe(0);
    const runs = await waitFor(
      '3 runs',
      () => runsOf(sch.id),
      (r) => r.length >= 3,
    );
    await setScheduleEnabled({ actor: admin, id: sch.id, enabled: false });
    for (const r of runs) {
      expect(r.triggerType).toBe('schedule');
      expect(r.triggerRef).toBe(sch.id);
      expect(r.inputParameters).toEqual({ camera: 'north' });
      expect(r.actorId).toBe((admin as { id: string }).id);
      const at = fireMs(r.idempotencyKey);
      expect(r.idempotencyKey).toBe(`schedule:${sch.id}:${at}`);
      expect(at % 2000).toBe(0); // on an even second, as */2 says
      expect(r.queuedAt.getTime()).toBeGreaterThanOrEqual(at); // never before its tick
    }
    const ticks = runs.map((r) => fireMs(r.idempotencyKey)).sort((a, b) => a - b);
    expect(new Set(ticks).size).toBe(ticks.length);
    const after = await getSchedule({ actor: admin, id: sch.id });
    expect(after.last_execution_id).not.toBeNull();
    expect(after.last_outcome).toBe('started');
    expect(after.enabled).toBe(false);
    expect(after.next_run_at).toBeNull();
  });

  it('stops on pause, starts again on resume, stops for good on delete', async () => {
    const s = await scriptFor(admin, 'echo x', 'bash', { status: 'active' });
    const sch = await createSchedule({
      actor: admin,
      input: {
        name: 'pausable',
        target_type: 'script',
        target_id: s.id,
        cron_expression: '* * * * * *',
        overlap_policy: 'allow',
      },
    });
    await waitFor(
      'first run',
      () => runsOf(sch.id),
      (r) => r.length >= 2,
    );
    await setScheduleEnabled({ actor: admin, id: sch.id, enabled: false });
    expect((await listScheduleJobs()).map((j) => j.scheduleId)).not.toContain(sch.id);
    await sleep(1500); // a tick already taken when pausing may still land
    const paused = (await runsOf(sch.id)).length;
    await sleep(3500);
    expect((await runsOf(sch.id)).length).toBe(paused);

    await setScheduleEnabled({ actor: admin, id: sch.id, enabled: true });
    expect((await listScheduleJobs()).map((j) => j.scheduleId)).toContain(sch.id);
    await waitFor(
      'runs after resume',
      () => runsOf(sch.id),
      (r) => r.length >= paused + 2,
    );

    await deleteSchedule({ actor: admin, id: sch.id });
    expect((await listScheduleJobs()).map((j) => j.scheduleId)).not.toContain(sch.id);
    await sleep(1500);
    const deleted = (await runsOf(sch.id)).length;
    await sleep(3500);
    expect((await runsOf(sch.id)).length).toBe(deleted);
    await expectAppError(getSchedule({ actor: admin, id: sch.id }), 'NOT_FOUND', /not found/);
  });

  it('an edit of the expression moves the ticks', async () => {
    const s = await scriptFor(admin, 'echo x', 'bash', { status: 'active' });
    const sch = await createSchedule({
      actor: admin,
      input: {
        name: 'edited',
        target_type: 'script',
        target_id: s.id,
        cron_expression: '0 0 1 1 *',
        overlap_policy: 'allow',
      },
    });
    await sleep(2500);
    expect(await runsOf(sch.id)).toHaveLength(0);
    const updated = await updateSchedule({
      actor: admin,
      input: { id: sch.id, patch: { cron_expression: '*/2 * * * * *' } },
    });
    expect(updated.cron_expression).toBe('*/2 * * * * *');
    const jobs = await listScheduleJobs();
    expect(jobs.find((j) => j.scheduleId === sch.id)?.pattern).toBe('*/2 * * * * *');
    await waitFor(
      'a run after the edit',
      () => runsOf(sch.id),
      (r) => r.length >= 1,
    );
    await deleteSchedule({ actor: admin, id: sch.id });
  });

  it('skips a tick while its previous run is still going when the overlap policy is skip', async () => {
    const s = await scriptFor(admin, 'sleep 4', 'bash', { status: 'active' });
    const sch = await createSchedule({
      actor: admin,
      input: {
        name: 'no overlap',
        target_type: 'script',
        target_id: s.id,
        cron_expression: '* * * * * *',
        overlap_policy: 'skip',
      },
    });
    await waitFor(
      'a skipped tick',
      () => getSchedule({ actor: admin, id: sch.id }),
      (x) => x.last_outcome === 'skipped_overlap',
    );
    await setScheduleEnabled({ actor: admin, id: sch.id, enabled: false });
    const runs = await runsOf(sch.id);
    expect(runs).toHaveLength(1); // 4 s of ticks, one run
  });

  it('records a refusal (draft target) without stopping, and skips ticks that are too late', async () => {
    const draft = await scriptFor(admin, 'echo x', 'bash', { status: 'draft' });
    const sch = await createSchedule({
      actor: admin,
      input: { name: 'draft target', target_type: 'script', target_id: draft.id, cron_expression: '* * * * * *' },
    });
    const refused = await waitFor(
      'a refusal',
      () => getSchedule({ actor: admin, id: sch.id }),
      (x) => x.last_outcome === 'refused',
    );
    expect(refused.last_error).toMatch(/draft/);
    expect(await runsOf(sch.id)).toHaveLength(0);
    // Still scheduled: the next tick is tried again.
    expect((await listScheduleJobs()).map((j) => j.scheduleId)).toContain(sch.id);
    await setScheduleEnabled({ actor: admin, id: sch.id, enabled: false });

    const s = await scriptFor(admin, 'echo x', 'bash', { status: 'active' });
    const late = await createSchedule({
      actor: admin,
      input: { name: 'late', target_type: 'script', target_id: s.id, cron_expression: '0 0 1 1 *' },
    });
    const missed = await fireSchedule({ scheduleId: late.id, fireAt: Date.now() - 10 * 60_000 });
    expect(missed.outcome).toBe('missed');
    expect(await runsOf(late.id)).toHaveLength(0);
    expect((await getSchedule({ actor: admin, id: late.id })).last_outcome).toBe('missed');
  });

  it('a tick delivered twice (even at once) starts one run', async () => {
    const s = await scriptFor(admin, 'echo x', 'bash', { status: 'active' });
    const sch = await createSchedule({
      actor: admin,
      input: {
        name: 'dup',
        target_type: 'script',
        target_id: s.id,
        cron_expression: '0 0 1 1 *',
        overlap_policy: 'allow',
      },
    });
    const fireAt = Date.now() - 1000;
    const results = await Promise.all([1, 2, 3].map(() => fireSchedule({ scheduleId: sch.id, fireAt })));
    expect(results.filter((r) => r.outcome === 'started' && r.created)).toHaveLength(1);
    const ids = new Set(results.map((r) => (r.outcome === 'started' ? r.runId : null)));
    expect(ids.size).toBe(1);
    expect(await runsOf(sch.id)).toHaveLength(1);
    // An older tick arriving late never overwrites the newer state.
    expect((await fireSchedule({ scheduleId: sch.id, fireAt: fireAt - 5000 })).outcome).toBe('stale');
  });

  it('starts a workflow target: one workflow run per tick, trigger schedule, linked to the schedule', async () => {
    const s = await scriptFor(admin, 'echo step', 'bash', { status: 'active' });
    const wf = await workflowOf(admin, {
      nodes: [n.start(), n.script('a', s.id), n.end()],
      edges: chain('start', 'a', 'end'),
    });
    const sch = await createSchedule({
      actor: admin,
      input: {
        name: 'wf tick',
        target_type: 'workflow',
        target_id: wf.id,
        cron_expression: '0 0 1 1 *',
        overlap_policy: 'allow',
      },
    });
    expect(sch.target_name).toBe(wf.name);
    const fireAt = Date.now() - 500;
    const [a, b] = await Promise.all([
      fireSchedule({ scheduleId: sch.id, fireAt }),
      fireSchedule({ scheduleId: sch.id, fireAt }),
    ]);
    expect([a, b].filter((r) => r.outcome === 'started' && r.created)).toHaveLength(1);
    const runs = await db().select().from(workflowRuns).where(eq(workflowRuns.triggerRef, sch.id));
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ workflowId: wf.id, triggerType: 'schedule' });
    const after = await getSchedule({ actor: admin, id: sch.id });
    expect(after.last_execution_id).toBe(runs[0]!.id);
    expect(after.last_run_status).not.toBeNull();
  });

  it('runs with the owner permissions: a demoted owner gets a refusal', async () => {
    const owner = await createTestActor('editor');
    const s = await scriptFor(admin, 'echo x', 'bash', { status: 'active' });
    const sch = await createSchedule({
      actor: owner,
      input: { name: 'owned', target_type: 'script', target_id: s.id, cron_expression: '0 0 1 1 *' },
    });
    const { users } = await import('@/db/schema');
    await db().update(users).set({ role: 'viewer' }).where(eq(users.id, owner.id));
    const r = await fireSchedule({ scheduleId: sch.id, fireAt: Date.now() });
    expect(r).toMatchObject({ outcome: 'refused', error: expect.stringMatching(/may not script.run/) });
    expect(await runsOf(sch.id)).toHaveLength(0);
  });
});
