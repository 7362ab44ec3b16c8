// Issue #20: on a host without bubblewrap the start names the package and the command; a worker
// refuses runs and says why; installing it (here: bwrap appearing at BWRAP_PATH) is enough, the
// queued run then completes without restarting anything. Real worker process, PostgreSQL, Redis, bwrap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestActor } from '@/server/test/fixtures';
import { startWorkerProcess } from '@/server/test/worker-process';
import type { Actor } from '@/server/auth/actor';
import { resetEnvCache } from '@/server/env';
import { listWorkers } from '@/server/queue/workers-registry';
import { checkReadiness } from '@/server/health/check-readiness';
import { formatPreflight, preflight } from '@/scripts/preflight';
import { executeScript } from '../execute-script';
import { getExecution } from '../get-execution';
import { scriptFor, waitForStatus } from './engine-harness';

const BWRAP = '/usr/bin/bwrap';
let admin: Actor;
let worker: ChildProcess;
let dir: string;
let bwrapPath: string;

beforeAll(async () => {
  admin = await createTestActor('admin');
  dir = mkdtempSync(path.join(os.tmpdir(), 'vss-bwrap-later-'));
  bwrapPath = path.join(dir, 'bwrap');
  worker = startWorkerProcess(1, { BWRAP_PATH: bwrapPath });
});
afterAll(() => {
  worker.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('a sandbox installed while the service runs', () => {
  it('the start-up report names the package and the command', () => {
    process.env.BWRAP_PATH = bwrapPath;
    resetEnvCache();
    try {
      const report = preflight({ REDIS_URL: 'redis://127.0.0.1:1' });
      expect(report.fatal).toEqual([]);
      expect(report.noRuns).toContain('bubblewrap (bwrap) not found: apt-get install -y bubblewrap');
      expect(formatPreflight(report)).toContain(
        '  missing: bubblewrap (bwrap) not found: apt-get install -y bubblewrap',
      );
    } finally {
      delete process.env.BWRAP_PATH;
      resetEnvCache();
    }
  });

  it('a worker without bwrap refuses runs and says why; once bwrap appears, the queued run completes', async () => {
    let refusing: string | null | undefined;
    for (let i = 0; i < 150 && !refusing; i++) {
      refusing = (await listWorkers()).find((w) => w.pid === worker.pid)?.refusing;
      if (!refusing) await sleep(200);
    }
    expect(refusing).toBe('no sandbox: bubblewrap (bwrap) not found: apt-get install -y bubblewrap');
    const ready = await checkReadiness();
    expect(ready.workers).toContainEqual(expect.objectContaining({ takingRuns: false, reason: refusing }));

    const s = await scriptFor(admin, 'echo ran after install', 'bash');
    const e = await executeScript({ actor: admin, input: { id: s.id }, trigger: 'api' });
    await sleep(3000);
    expect((await getExecution({ actor: admin, id: e.id })).status).toBe('queued');

    symlinkSync(BWRAP, bwrapPath); // "apt-get install bubblewrap"
    const installedAt = Date.now();
    const done = await waitForStatus(admin, e.id, undefined, 60_000);
    expect(done.status).toBe('succeeded');
    // Tools are looked for again every 10 s while missing, the floors every 2 s.
    expect(Date.now() - installedAt).toBeLessThan(20_000);
    expect((await listWorkers()).find((w) => w.pid === worker.pid)?.refusing).toBeNull();
  }, 90_000);
});
