// Real bwrap and interpreters: the launcher's prepared sandboxes, start to finish.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveInterpreters } from '@/server/runtime/interpreters';
import { isSandboxAvailable } from '@/worker/sandbox/run-sandboxed';
import { SandboxLauncher, type LaunchSpec } from './sandbox-launcher';
import { UidPool } from './uid-pool';

const MB = 1024 * 1024;
const interpreters = resolveInterpreters();
const isRoot = process.getuid?.() === 0;
const UID_BASE = 1_900_000_000 + (process.pid % 1000) * 100;

function spec(
  overrides: Partial<LaunchSpec> & Pick<LaunchSpec, 'language' | 'content'>,
): LaunchSpec & { out: string[] } {
  const out: string[] = [];
  return {
    interpreter: overrides.language === 'python' ? interpreters.python : interpreters.bash,
    input: {},
    env: {},
    allowNetwork: false,
    timeoutMs: 10_000,
    killGraceMs: 500,
    limits: { memoryBytes: 512 * MB, cpuSeconds: 10, maxProcesses: 64, maxOpenFiles: 256, maxFileSizeBytes: 10 * MB },
    maxLogBytes: MB,
    onOutput: (c) => out.push(c.text),
    out,
    ...overrides,
  };
}

function processesOf(uids: number[]): string[] {
  return uids.flatMap((uid) => {
    try {
      return execFileSync('pgrep', ['-u', String(uid)], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .filter(Boolean);
    } catch {
      return [];
    }
  });
}

/** What a run left in a work directory, besides the empty mount points of a prepared sandbox. */
function leftovers(dir: string): string[] {
  return readdirSync(dir).filter(
    (name) => !(['script.sh', 'script.py', 'input.json'].includes(name) && statSync(path.join(dir, name)).size === 0),
  );
}

async function until(check: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('UidPool', () => {
  it('hands uids back to waiting takers first come, first served', async () => {
    const pool = new UidPool(1, 7000);
    const first = await pool.take();
    const order: number[] = [];
    const a = pool.take().then((u) => order.push(1) && u);
    const b = pool.take().then((u) => order.push(2) && u);
    expect(pool.tryTake()).toBeUndefined();
    expect(pool.waiters).toBe(2);
    pool.give(first);
    expect(await a).toBe(7000);
    pool.give(7000);
    expect(await b).toBe(7000);
    expect(order).toEqual([1, 2]);
    pool.give(7000);
    expect(pool.tryTake()).toBe(7000);
  });
});

describe.skipIf(!isSandboxAvailable())('SandboxLauncher', () => {
  const launchers: SandboxLauncher[] = [];
  const dirs: string[] = [];
  const uids = Array.from({ length: 64 }, (_, i) => UID_BASE + i);

  function launcher(capacity: number, idleMs = 60_000) {
    const storageDir = mkdtempSync(path.join(os.tmpdir(), 'vss-launcher-test-'));
    dirs.push(storageDir);
    const l = new SandboxLauncher({ storageDir, uids: new UidPool(2 + capacity, UID_BASE), capacity, idleMs });
    launchers.push(l);
    return { l, storageDir };
  }

  afterEach(async () => {
    for (const l of launchers.splice(0)) l.close();
    if (isRoot) await until(() => processesOf(uids).length === 0);
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('prepares a spare after a run and hands it to the next run of the same script', async () => {
    const { l, storageDir } = launcher(2);
    const first = spec({ language: 'python', content: 'import os\nprint(os.environ["PARAM_N"])', input: { n: 1 } });
    expect((await l.run(first)).exitCode).toBe(0);
    expect(first.out.join('')).toBe('1\n');
    await until(() => l.preparedCount === 1);
    if (isRoot) {
      // The spare counts from its start; its interpreter runs as the slot's uid only once the
      // sandbox's chain has dropped to it (tens of ms on a slow machine).
      await until(() => processesOf(uids).length > 0);
      expect(processesOf(uids).length).toBe(1); // the spare's interpreter, waiting at its gate
    }

    const second = spec({ language: 'python', content: 'import os\nprint(os.environ["PARAM_N"])', input: { n: 2 } });
    const running = l.run(second);
    expect(l.preparedCount).toBe(0); // taken at once
    expect((await running).exitCode).toBe(0);
    expect(second.out.join('')).toBe('2\n');
    // One directory per uid, and nothing of a finished run left in any of them.
    await until(() => l.preparedCount >= 1);
    expect(readdirSync(storageDir).every((d) => d.startsWith(`prepared-${process.pid}-u`))).toBe(true);
    for (const d of readdirSync(storageDir)) expect(leftovers(path.join(storageDir, d))).toEqual([]);
  });

  it('gives the next run of a uid its directory as fresh as a new one', async () => {
    // Cold runs (the runner writes real script and input files) with a single uid.
    const storageDir = mkdtempSync(path.join(os.tmpdir(), 'vss-launcher-test-'));
    dirs.push(storageDir);
    const l = new SandboxLauncher({ storageDir, uids: new UidPool(1, UID_BASE), capacity: 0, idleMs: 60_000 });
    launchers.push(l);
    const litter = [
      'echo secret > /work/notes.txt',
      'mkdir -p /work/deep/er && echo x > /work/deep/er/f',
      'ln -s /etc/passwd /work/link',
      'echo "{\\"r\\": 1}" > /work/result.json',
      'chmod 700 /work',
    ].join('; ');
    const first = await l.run(spec({ language: 'bash', content: litter }));
    expect(first.result).toEqual({ r: 1 });
    const slots = readdirSync(storageDir);
    expect(slots).toHaveLength(1);
    expect(leftovers(path.join(storageDir, slots[0]!))).toEqual([]);
    const second = spec({ language: 'bash', content: 'ls -A /work; test -r /work/script.sh && echo readable' });
    const res = await l.run(second);
    expect(readdirSync(storageDir)).toEqual(slots); // the same uid, the same directory
    expect(res.result).toBeUndefined();
    expect(second.out.join('').split('\n').filter(Boolean).sort()).toEqual(['input.json', 'readable', 'script.sh']);
    l.close();
    await until(() => readdirSync(storageDir).length === 0);
  });

  it('makes a run that finds no free uid wait for one instead of failing', async () => {
    // Two uids, one of them held by a python spare, and four runs at once (bench:exec's case).
    const { l } = launcher(1);
    const warm = spec({ language: 'python', content: 'print("warm")' });
    expect((await l.run(warm)).exitCode).toBe(0);
    await until(() => l.preparedCount === 1);
    const runs = Array.from({ length: 4 }, (_, i) => spec({ language: 'bash', content: `sleep 0.2; echo run-${i}` }));
    const results = await Promise.all(runs.map((r) => l.run(r)));
    expect(results.map((r) => r.exitCode)).toEqual([0, 0, 0, 0]);
    expect(runs.map((r) => r.out.join(''))).toEqual(['run-0\n', 'run-1\n', 'run-2\n', 'run-3\n']);
  });

  it('keeps a spare for its own shape only', async () => {
    const { l } = launcher(2);
    await l.run(spec({ language: 'bash', content: 'true' }));
    await until(() => l.preparedCount === 1);
    // Another shape (network allowed) cannot use it; a python run whose environment changes the
    // interpreter's start-up never uses one.
    const other = l.run(spec({ language: 'bash', content: 'true', allowNetwork: true }));
    expect(l.preparedCount).toBe(1);
    await other;
    const sensitive = l.run(spec({ language: 'python', content: 'pass', env: { PYTHONPATH: '/x' } }));
    expect(l.preparedCount).toBeGreaterThanOrEqual(1);
    expect((await sensitive).exitCode).toBe(0);
  });

  it("removes spare directories a killed worker left behind, never a live worker's", () => {
    const storageDir = mkdtempSync(path.join(os.tmpdir(), 'vss-launcher-test-'));
    dirs.push(storageDir);
    const deadPid = spawnSync('true').pid!; // exited and reaped: its number names no process now
    mkdirSync(path.join(storageDir, `prepared-${deadPid}-abc`));
    mkdirSync(path.join(storageDir, `prepared-${process.pid}-xyz`));
    mkdirSync(path.join(storageDir, 'some-run-1'));
    launchers.push(new SandboxLauncher({ storageDir, uids: new UidPool(1, UID_BASE), capacity: 0, idleMs: 1000 }));
    expect(readdirSync(storageDir).sort()).toEqual([`prepared-${process.pid}-xyz`, 'some-run-1']);
  });

  it('creates its storage directory (a fresh install has none yet) and prepares spares in it', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'vss-launcher-test-'));
    dirs.push(root);
    const storageDir = path.join(root, 'data', 'runs');
    const l = new SandboxLauncher({ storageDir, uids: new UidPool(3, UID_BASE), capacity: 1, idleMs: 60_000 });
    launchers.push(l);
    expect((await l.run(spec({ language: 'bash', content: 'true' }))).exitCode).toBe(0);
    await until(() => l.preparedCount === 1);
    expect(readdirSync(storageDir).some((d) => d.startsWith(`prepared-${process.pid}-`))).toBe(true);
  });

  it('prepares no bash spare while runs fill every core, python ones still', async () => {
    const cores = os.availableParallelism();
    const storageDir = mkdtempSync(path.join(os.tmpdir(), 'vss-launcher-test-'));
    dirs.push(storageDir);
    const l = new SandboxLauncher({ storageDir, uids: new UidPool(cores + 3, UID_BASE), capacity: 2, idleMs: 60_000 });
    launchers.push(l);
    const busy = (language: 'bash' | 'python') =>
      Array.from({ length: cores }, () =>
        l.run(spec({ language, content: language === 'bash' ? 'sleep 0.3' : 'import time; time.sleep(0.3)' })),
      );
    const bash = await Promise.all(busy('bash'));
    expect(bash.map((r) => r.exitCode)).toEqual(bash.map(() => 0));
    await new Promise((r) => setTimeout(r, 200));
    expect(l.preparedCount).toBe(0); // a prepared bash sandbox costs more CPU than a cold one
    await Promise.all(busy('python'));
    await until(() => l.preparedCount >= 1);
  });

  it('prepares nothing with capacity 0', async () => {
    const { l } = launcher(0);
    await l.run(spec({ language: 'bash', content: 'true' }));
    await new Promise((r) => setTimeout(r, 100));
    expect(l.preparedCount).toBe(0);
  });

  it('stops spares left unused past the idle time, and on close', async () => {
    const { l, storageDir } = launcher(2, 1000);
    await l.run(spec({ language: 'bash', content: 'true' }));
    await until(() => l.preparedCount === 1);
    await until(() => l.preparedCount === 0, 10_000);
    if (isRoot) await until(() => processesOf(uids).length === 0);
    // The spare's directory went with it; the run's uid keeps its (emptied) one.
    await until(() => readdirSync(storageDir).length === 1);
    expect(leftovers(path.join(storageDir, readdirSync(storageDir)[0]!))).toEqual([]);

    await l.run(spec({ language: 'bash', content: 'true' }));
    await until(() => l.preparedCount >= 1); // two runs within a second: up to two spares
    l.close();
    expect(l.preparedCount).toBe(0);
    if (isRoot) await until(() => processesOf(uids).length === 0);
  });

  it('runs a burst with every run ending and every uid returned', async () => {
    const { l } = launcher(3);
    const runs = Array.from({ length: 12 }, (_, i) =>
      spec({ language: 'bash', content: `echo $PARAM_I`, input: { i } }),
    );
    const results = [];
    // Two at a time, as a worker with concurrency 2 would.
    for (let i = 0; i < runs.length; i += 2)
      results.push(...(await Promise.all(runs.slice(i, i + 2).map((r) => l.run(r)))));
    expect(results.map((r) => r.exitCode)).toEqual(runs.map(() => 0));
    expect(runs.map((r) => r.out.join(''))).toEqual(runs.map((_, i) => `${i}\n`));
    l.close();
    if (isRoot) await until(() => processesOf(uids).length === 0);
  });
});
