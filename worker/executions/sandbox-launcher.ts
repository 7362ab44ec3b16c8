/**
 * Gives every run its sandbox, work directory and uid. Scripts that ran recently get a sandbox
 * started ahead of time (prepared, see worker/sandbox/gate.ts): the next run of the same shape takes
 * it and only opens its gate, so namespace set-up and interpreter start-up leave its critical path.
 * A prepared sandbox serves one run and is gone; the pool never reuses a sandbox.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { isAlive } from '@/server/infra/stale-process';
import { logger } from '@/server/log/logger';
import {
  canUsePrepared,
  PreparedSandbox,
  runSandboxed,
  sandboxShape,
  sandboxShapeKey,
  type SandboxResult,
  type SandboxShape,
  type SandboxSpec,
} from '@/worker/sandbox/run-sandboxed';
import type { UidPool } from './uid-pool';

export type LaunchSpec = Omit<SandboxSpec, 'workDir' | 'runAsUid'>;

interface Entry {
  key: string;
  prepared: PreparedSandbox;
  uid: number;
  workDir: string;
  createdAt: number;
}

const SPARE_PREFIX = 'prepared-';

/**
 * Spares die with their worker (--die-with-parent), but a worker killed outright leaves their
 * directories behind. Several workers may share the storage directory: only those of workers that
 * are gone are removed (the pid is in the name).
 */
function removeDeadWorkersSpares(storageDir: string): void {
  for (const name of readdirSync(storageDir)) {
    if (!name.startsWith(SPARE_PREFIX)) continue;
    const pid = Number(/^(\d+)-/.exec(name.slice(SPARE_PREFIX.length))?.[1]);
    if (!pid || isAlive(pid)) continue;
    rmSync(path.join(storageDir, name), { recursive: true, force: true });
  }
}

/** Runs of one shape within this window set how many sandboxes are kept ready for it. */
const DEMAND_WINDOW_MS = 1000;

export interface LauncherOptions {
  /** Parent of every run's work directory. */
  storageDir: string;
  uids: UidPool;
  /** Most sandboxes kept started ahead at once (0 = every run starts its own). */
  capacity: number;
  /** A prepared sandbox unused for this long is stopped. */
  idleMs: number;
}

export class SandboxLauncher {
  private readonly ready: Entry[] = [];
  private readonly recent = new Map<string, number[]>();
  private readonly sweeper: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly opts: LauncherOptions) {
    this.sweeper = setInterval(() => this.dropIdle(), Math.min(30_000, opts.idleMs)).unref();
    mkdirSync(opts.storageDir, { recursive: true });
    removeDeadWorkersSpares(opts.storageDir);
  }

  /** `name` names the work directory of a run that finds no prepared sandbox. */
  async run(spec: LaunchSpec, name: string): Promise<SandboxResult> {
    const usable = this.opts.capacity > 0 && canUsePrepared(spec);
    const shape = sandboxShape(spec);
    const key = sandboxShapeKey(shape);
    const entry = usable ? this.take(key) : undefined;
    let uid: number;
    let workDir: string;
    if (entry) {
      ({ uid, workDir } = entry);
    } else {
      uid = this.opts.uids.take();
      workDir = path.resolve(this.opts.storageDir, name);
      mkdirSync(workDir, { recursive: true });
    }
    // After this run's own start, so the spare's fork never delays it.
    if (usable) setImmediate(() => this.replenish(key, shape));
    try {
      return await runSandboxed({ ...spec, workDir, runAsUid: uid }, entry?.prepared);
    } finally {
      this.opts.uids.give(uid);
      // The result is read: removing the directory need not delay the run's final state.
      void rm(workDir, { recursive: true, force: true }).catch((err: unknown) => logger().warn({ err, workDir }, 'could not remove a run directory'));
    }
  }

  /** How many are waiting (started or starting), for tests and metrics. */
  get preparedCount(): number {
    return this.ready.length;
  }

  close(): void {
    this.closed = true;
    clearInterval(this.sweeper);
    for (const e of this.ready.splice(0)) this.discard(e);
  }

  private take(key: string): Entry | undefined {
    // A sandbox still starting is taken as well: the run's payload waits in its stdin pipe, and the
    // head start is already paid.
    for (let i = 0; i < this.ready.length; i++) {
      const e = this.ready[i]!;
      if (e.key !== key) continue;
      this.ready.splice(i, 1);
      if (e.prepared.claim()) return e;
      this.discard(e); // died while waiting
      i--;
    }
    return undefined;
  }

  private demand(key: string): number {
    const now = Date.now();
    const times = (this.recent.get(key) ?? []).filter((t) => now - t < DEMAND_WINDOW_MS);
    times.push(now);
    this.recent.set(key, times);
    for (const [k, ts] of this.recent) if (k !== key && now - (ts[ts.length - 1] ?? 0) > this.opts.idleMs) this.recent.delete(k);
    return Math.min(this.opts.capacity, times.length);
  }

  private replenish(key: string, shape: SandboxShape): void {
    if (this.closed) return;
    const want = this.demand(key);
    let have = this.ready.filter((e) => e.key === key).length;
    while (have < want) {
      if (this.ready.length >= this.opts.capacity) {
        const victim = this.ready.findIndex((e) => e.key !== key); // oldest of another shape
        if (victim < 0) return;
        this.discard(this.ready.splice(victim, 1)[0]!);
      }
      if (!this.start(key, shape)) return;
      have++;
    }
  }

  private start(key: string, shape: SandboxShape): boolean {
    let uid: number;
    try {
      uid = this.opts.uids.take();
    } catch {
      return false; // every uid is in use by runs: no room for a spare now
    }
    let workDir: string | undefined;
    try {
      workDir = mkdtempSync(path.join(this.opts.storageDir, `${SPARE_PREFIX}${process.pid}-`));
      const prepared = PreparedSandbox.start({ ...shape, workDir, runAsUid: uid });
      const entry: Entry = { key, prepared, uid, workDir, createdAt: Date.now() };
      this.ready.push(entry);
      // Died before anyone took it (killed, out of memory): forget it and free its uid.
      void prepared.process.closed.finally(() => {
        const i = this.ready.indexOf(entry);
        if (i >= 0) this.discard(this.ready.splice(i, 1)[0]!);
      }).catch(() => undefined);
      return true;
    } catch (err) {
      logger().warn({ err }, 'could not prepare a sandbox; runs start their own');
      this.opts.uids.give(uid);
      if (workDir) rmSync(workDir, { recursive: true, force: true });
      return false;
    }
  }

  private discard(e: Entry): void {
    e.prepared.discard();
    void e.prepared.process.closed.finally(() => {
      this.opts.uids.give(e.uid);
      rmSync(e.workDir, { recursive: true, force: true });
    }).catch(() => undefined);
  }

  private dropIdle(): void {
    const now = Date.now();
    for (const e of [...this.ready]) {
      if (now - e.createdAt < this.opts.idleMs) continue;
      this.ready.splice(this.ready.indexOf(e), 1);
      this.discard(e);
    }
  }
}
