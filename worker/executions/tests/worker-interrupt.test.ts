import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createTestActor } from '@/server/test/fixtures';
import type { Actor } from '@/server/auth/actor';
import { startWorkerRuntime, type WorkerRuntime } from '@/worker/runtime';
import { executeScript } from '@/server/executions/execute-script';
import { getExecutionLogs } from '@/server/executions/get-execution';
import { rawExecution, scriptFor, waitForStatus } from '@/server/executions/tests/engine-harness';

// Ctrl-C in the terminal of `npm start`: SIGINT to the whole foreground process group (launcher,
// workers, and before #16 the workers' python helpers, whose death killed the runs).
let admin: Actor;
let rescuer: WorkerRuntime | undefined;
let victim: ChildProcess | undefined;

beforeAll(async () => {
  admin = await createTestActor('admin');
});
afterAll(async () => {
  if (victim && victim.exitCode === null && victim.signalCode === null) process.kill(-victim.pid!, 'SIGKILL');
  await rescuer?.stop(1000);
});

describe("a terminal's Ctrl-C (SIGINT to the worker's whole process group)", () => {
  it('hands the runs back unharmed (bash through the spawn helper, python through the zygote); the next worker finishes them', async () => {
    // A process group of its own, as a terminal's foreground job.
    victim = spawn(process.execPath, ['--import', 'tsx', path.join(process.cwd(), 'worker', 'main.ts')], {
      env: { ...process.env, MAX_CONCURRENT_SCRIPTS: '4', WORKER_SHUTDOWN_GRACE_MS: '2000' },
      stdio: 'ignore',
      detached: true,
    });
    const bash = await scriptFor(admin, 'echo "run $VSS_ATTEMPT"\nsleep 8\necho done\n');
    const python = await scriptFor(
      admin,
      'import os, time\nprint("run", os.environ["VSS_ATTEMPT"], flush=True)\ntime.sleep(8)\nprint("done")\n',
      'python',
    );
    // Warm the zygote so the python run is forked from it.
    const warm = await scriptFor(admin, 'print("warm")\n', 'python');
    for (let i = 0; i < 2; i++)
      await waitForStatus(
        admin,
        (await executeScript({ actor: admin, input: { id: warm.id }, trigger: 'api' })).id,
        undefined,
        60_000,
      );
    const ids = [
      (await executeScript({ actor: admin, input: { id: bash.id }, trigger: 'api' })).id,
      (await executeScript({ actor: admin, input: { id: python.id }, trigger: 'api' })).id,
    ];
    for (const id of ids) await waitForStatus(admin, id, (s) => s === 'running', 60_000);
    await new Promise((r) => setTimeout(r, 1000));

    process.kill(-victim.pid!, 'SIGINT');
    const code = await new Promise<number | null>((r) => victim!.once('exit', (c) => r(c)));
    expect(code).toBe(0);
    for (const id of ids) {
      const row = await rawExecution(id);
      expect([row.status, row.error, row.attempt]).toEqual(['queued', null, 1]); // handed back, not failed
    }

    rescuer = await startWorkerRuntime({ concurrency: 2 });
    for (const id of ids) {
      const done = await waitForStatus(admin, id, undefined, 60_000);
      expect([done.status, done.error]).toEqual(['succeeded', null]);
      expect(done.attempts.map((a) => a.status)).toEqual(['succeeded']);
      const { lines } = await getExecutionLogs({ actor: admin, input: { id, limit: 1000 } });
      expect(lines.some((l) => l.stream === 'system' && l.text.includes('handed back'))).toBe(true);
      expect(lines.some((l) => /SIGKILL/.test(l.text))).toBe(false);
    }
  }, 150_000);
});
