import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/server/auth/actor';
import { AppError } from '@/server/errors/app-error';
import { executeScript } from '@/server/executions/execute-script';
import { getExecutionLogs } from '@/server/executions/get-execution';
import { rawExecution, scriptFor, waitForStatus } from '@/server/executions/tests/engine-harness';
import { updateScript } from '@/server/scripts/update-script';
import { createTestActor } from '@/server/test/fixtures';
import { startWorkerRuntime, type WorkerRuntime } from '@/worker/runtime';
import { isPrivilegedHost } from '@/worker/sandbox/host-tools';

// The server's maximum for this file: scripts may ask for less, never more.
process.env.SANDBOX_DISK_MB = '48';

let admin: Actor;
let worker: WorkerRuntime;

beforeAll(async () => {
  admin = await createTestActor('admin');
  worker = await startWorkerRuntime({ concurrency: 1 });
});
afterAll(async () => {
  await worker?.stop(2000);
});

async function runToEnd(scriptId: string): Promise<{ status: string; text: string }> {
  const { id } = await executeScript({ actor: admin, input: { id: scriptId }, trigger: 'manual' });
  const e = await waitForStatus(admin, id, undefined, 60_000);
  const { lines } = await getExecutionLogs({ actor: admin, input: { id, limit: 5000 } });
  return { status: e.status, text: lines.map((l) => l.text).join('') + ((await rawExecution(id)).error ?? '') };
}

// Writes 20 MB into /work and into /tmp, and says how each write ended and how much of it landed.
const hogBash = [
  'for d in /work /tmp; do',
  '  dd if=/dev/zero of=$d/hog bs=1M count=20 2>/dev/null; rc=$?',
  '  echo "$d rc=$rc size=$(stat -c %s $d/hog)"; rm -f $d/hog',
  'done',
].join('\n');

const hogPython = [
  'import errno, os',
  'for d in ("/work", "/tmp"):',
  '    try:',
  '        with open(f"{d}/hog", "wb") as f:',
  '            for _ in range(20): f.write(b"\\0" * 1048576)',
  '        print(d, "written")',
  '    except OSError as e:',
  '        print(d, "errno", errno.errorcode[e.errno])',
  '    os.remove(f"{d}/hog")',
].join('\n');

describe.skipIf(!isPrivilegedHost())('per-script disk quota within SANDBOX_DISK_MB', () => {
  it('refuses a quota above the server maximum, on create and on update, naming the field', async () => {
    const create = await scriptFor(admin, 'echo', 'bash', { disk_mb: 49 }).catch((e: unknown) => e);
    expect(create).toBeInstanceOf(AppError);
    expect((create as AppError).code).toBe('VALIDATION_ERROR');
    expect((create as AppError).details).toEqual([
      { field: 'disk_mb', message: 'must be at most 48 MB (SANDBOX_DISK_MB)' },
    ]);

    const ok = await scriptFor(admin, 'echo', 'bash', { disk_mb: 48 });
    expect(ok.disk_mb).toBe(48);
    const update = await updateScript({ actor: admin, input: { id: ok.id, patch: { disk_mb: 4096 } } }).catch(
      (e: unknown) => e,
    );
    expect((update as AppError).details).toEqual([
      { field: 'patch.disk_mb', message: 'must be at most 48 MB (SANDBOX_DISK_MB)' },
    ]);
    const cleared = await updateScript({ actor: admin, input: { id: ok.id, patch: { disk_mb: null } } });
    expect(cleared.disk_mb).toBeNull();
  });

  it('gives a bash script ENOSPC at its own quota in /work and /tmp, and the next script its own size back', async () => {
    const small = await scriptFor(admin, hogBash, 'bash', { disk_mb: 8 });
    const large = await scriptFor(admin, hogBash, 'bash');

    for (const round of [1, 2]) {
      const s = await runToEnd(small.id);
      for (const d of ['/work', '/tmp']) {
        const m = new RegExp(`${d} rc=(\\d+) size=(\\d+)`).exec(s.text);
        expect(m, `round ${round}: ${s.text}`).not.toBeNull();
        expect(Number(m![1])).not.toBe(0);
        expect(Number(m![2])).toBeLessThanOrEqual(8 * 1024 * 1024);
        expect(Number(m![2])).toBeGreaterThan(4 * 1024 * 1024);
      }
      // Same worker, same uid pool: the /work that was 8 MB is the server's 48 MB again.
      const l = await runToEnd(large.id);
      expect(l.text).toContain(`/work rc=0 size=${20 * 1024 * 1024}`);
      expect(l.text).toContain(`/tmp rc=0 size=${20 * 1024 * 1024}`);
    }
  }, 120_000); // four runs writing 40 MB each: on a loaded 2-core machine that outlasts the default 30 s

  it('holds for python runs, cold and prepared', async () => {
    const small = await scriptFor(admin, hogPython, 'python', { disk_mb: 8 });
    for (let i = 0; i < 3; i++) {
      const s = await runToEnd(small.id);
      expect(s.status).toBe('succeeded');
      expect(s.text).toContain('/work errno ENOSPC');
      expect(s.text).toContain('/tmp errno ENOSPC');
    }
  }, 120_000);
});
