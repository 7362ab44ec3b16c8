import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestActor } from '@/server/test/fixtures';
import { startWorkerProcess } from '@/server/test/worker-process';
import type { Actor } from '@/server/auth/actor';
import { startWorkerRuntime, type WorkerRuntime } from '@/worker/runtime';
import { executeScript } from '@/server/executions/execute-script';
import { descendants } from '@/worker/sandbox/process-tree';
import { scriptFor, waitForStatus } from '@/server/executions/tests/engine-harness';

// Short locks so a dead worker's job is noticed within seconds instead of the production 30 s.
process.env.WORKER_LOCK_MS = '2000';
process.env.WORKER_STALLED_INTERVAL_MS = '1000';

let admin: Actor;
let rescuer: WorkerRuntime | undefined;

beforeAll(async () => {
  admin = await createTestActor('admin');
});
afterAll(async () => {
  await rescuer?.stop(1000);
});

/** A worker process to kill; one a failed test left alive is killed after it. */
const victims: ChildProcess[] = [];
function victimWorker(): ChildProcess {
  const v = startWorkerProcess();
  victims.push(v);
  return v;
}
/**
 * Only holder spares wait below the worker's spawn helper: at least one `sleep` inside a prepared
 * sandbox, and no spare prepared before the zygote was ready (a gate, `python3 -c … _vss_gate`),
 * which the next run would take first (the oldest spare of a shape goes first).
 */
function onlyHoldersWaiting(workerPid: number): boolean {
  const [helper] = spawnSync('pgrep', ['-f', `spawn-helper.py ${workerPid}`], { encoding: 'utf8' })
    .stdout.trim()
    .split('\n');
  if (!helper) return false;
  const read = (pid: number, file: string) => {
    try {
      return readFileSync(`/proc/${pid}/${file}`, 'utf8');
    } catch {
      return ''; // gone meanwhile
    }
  };
  const below = descendants(Number(helper));
  return (
    below.some((p) => read(p.pid, 'comm').trim() === 'sleep') &&
    !below.some((p) => read(p.pid, 'cmdline').includes('_vss_gate'))
  );
}

/** Whether a process matching `pattern` is still there after `ms` (exits after a kill take longer on a loaded machine). */
async function stillThere(pattern: string, ms = 10_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (spawnSync('pgrep', ['-f', pattern]).status === 0) {
    if (Date.now() > deadline) return true;
    await sleep(100);
  }
  return false;
}
afterEach(async () => {
  for (const v of victims.splice(0)) if (v.exitCode === null && v.signalCode === null) v.kill('SIGKILL');
  // The next test's runs must go to its own victim, not to this test's rescuer.
  await rescuer?.stop(1000);
  rescuer = undefined;
});

describe('a worker killed with SIGKILL in the middle of a run', () => {
  it('leaves no orphan; the run is retried by another worker, the lost attempt recorded', async () => {
    const marker = `vss-crash-${randomUUID()}`;
    const s = await scriptFor(
      admin,
      `if [ "$VSS_ATTEMPT" = 1 ]; then echo started; exec -a ${marker} sleep 60; fi\necho "second attempt"\n`,
      'bash',
      {
        max_retries: 1,
        retry_backoff: 'fixed',
        retry_delay_seconds: 0,
      },
    );
    const victim = victimWorker();
    const e = await executeScript({ actor: admin, input: { id: s.id }, trigger: 'api' });
    await waitForStatus(admin, e.id, (st) => st === 'running', 60_000);
    for (let i = 0; i < 100 && spawnSync('pgrep', ['-f', marker]).status !== 0; i++) await sleep(100);
    expect(spawnSync('pgrep', ['-f', marker]).status).toBe(0); // the script is really running
    const helper = `spawn-helper.py ${victim.pid}`; // the process that started the sandbox
    expect(spawnSync('pgrep', ['-f', helper]).status).toBe(0);
    victim.kill('SIGKILL');
    await new Promise((r) => victim.once('exit', r));
    // The helper dies with its worker (parent-death signal), the sandbox with the helper (--die-with-parent).
    expect(await stillThere(helper)).toBe(false);
    expect(await stillThere(marker)).toBe(false);

    rescuer = await startWorkerRuntime({ concurrency: 2 });
    const done = await waitForStatus(admin, e.id, undefined, 60_000);
    expect(done.status).toBe('succeeded');
    expect(done.attempt).toBe(2);
    expect(done.attempts.map((a) => a.status)).toEqual(['failed', 'succeeded']);
    expect(done.attempts[0]!.error).toMatch(/^worker lost/);
  });

  it('takes a python run forked from the warm interpreter down with it, and the run is retried', async () => {
    await rescuer?.stop(1000);
    rescuer = undefined;
    const marker = `vss-crash-py-${randomUUID()}`;
    const s = await scriptFor(
      admin,
      [
        'import os, subprocess, time',
        'if os.environ["VSS_ATTEMPT"] == "1":',
        `    subprocess.Popen(["bash", "-c", "exec -a ${marker} sleep 60"])`,
        '    print("started", flush=True)',
        '    time.sleep(60)',
        'print("second attempt")',
      ].join('\n'),
      'python',
      { max_retries: 1, retry_backoff: 'fixed', retry_delay_seconds: 0 },
    );
    const victim = victimWorker();
    // A first python run starts the zygote; a sandbox prepared once it is up is a holder.
    const quick = await scriptFor(admin, 'print("warm")\n', 'python');
    const zygote = `python-zygote.py ${victim.pid}`; // the zygote, and every run forked from it
    // The zygote starts once its installation is checked; only the spares prepared after that are
    // holders, so two more runs follow once it is up.
    const warmRun = async () => {
      const warm = await executeScript({ actor: admin, input: { id: quick.id }, trigger: 'api' });
      const done = await waitForStatus(admin, warm.id, undefined, 60_000);
      expect(done.status, done.error ?? '').toBe('succeeded');
    };
    await warmRun();
    for (let j = 0; j < 600 && spawnSync('pgrep', ['-f', zygote]).status !== 0; j++) await sleep(100);
    // The zygote's process exists before it is ready: warm runs go on until only spares prepared
    // after that wait, holders (their sandbox runs only `sleep infinity`) below this worker's spawn helper.
    for (let j = 0; j < 30 && !onlyHoldersWaiting(victim.pid!); j++) await warmRun();
    expect(onlyHoldersWaiting(victim.pid!)).toBe(true);
    expect(spawnSync('pgrep', ['-f', zygote]).status).toBe(0);
    const e = await executeScript({ actor: admin, input: { id: s.id }, trigger: 'api' });
    await waitForStatus(admin, e.id, (st) => st === 'running', 60_000);
    for (let i = 0; i < 50 && spawnSync('pgrep', ['-f', marker]).status !== 0; i++) await sleep(100);
    const [markerPid] = spawnSync('pgrep', ['-f', marker], { encoding: 'utf8' }).stdout.trim().split('\n');
    const parent = /^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${markerPid}/status`, 'utf8'))![1];
    expect(readFileSync(`/proc/${parent}/cmdline`, 'utf8').replaceAll('\0', ' ')).toContain(zygote); // forked, not started
    victim.kill('SIGKILL');
    await new Promise((r) => victim.once('exit', r));
    // Zygote, the forked run and what it started: gone with the worker.
    expect(await stillThere(zygote)).toBe(false);
    expect(await stillThere(marker)).toBe(false);
    rescuer = await startWorkerRuntime({ concurrency: 2 });
    const done = await waitForStatus(admin, e.id, undefined, 60_000);
    expect(done.status).toBe('succeeded');
    expect(done.attempts.map((a) => a.status)).toEqual(['failed', 'succeeded']);
  }, 120_000);

  it('ends the run failed with "worker lost" when it opted out of re-runs', async () => {
    await rescuer?.stop(1000);
    rescuer = undefined;
    const s = await scriptFor(admin, 'echo started\nsleep 60\n', 'bash', { retry_on_worker_loss: false });
    const victim = victimWorker();
    const e = await executeScript({ actor: admin, input: { id: s.id }, trigger: 'api' });
    await waitForStatus(admin, e.id, (st) => st === 'running', 60_000);
    victim.kill('SIGKILL');
    await new Promise((r) => victim.once('exit', r));
    rescuer = await startWorkerRuntime({ concurrency: 2 });
    const done = await waitForStatus(admin, e.id, undefined, 60_000);
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/^worker lost/);
    expect(done.finished_at).not.toBeNull();
  });
});
