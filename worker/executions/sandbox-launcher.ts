/**
 * Gives every run its sandbox, work directory and uid. Scripts that ran recently get a sandbox
 * started ahead of time (prepared, see worker/sandbox/gate.ts): the next run of the same shape takes
 * it and only opens its gate, so namespace set-up and interpreter start-up leave its critical path.
 * A prepared sandbox serves one run and is gone; the pool never reuses a sandbox.
 */
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { leftoversOfDeadProcesses } from '@/server/infra/stale-process';
import { logger } from '@/server/log/logger';
import { isPrivilegedHost } from '@/worker/sandbox/host-tools';
import { INPUT_FILE_NAME, scriptFileName } from '@/worker/sandbox/conventions';
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

export type LaunchSpec = Omit<SandboxSpec, 'workDir' | 'runAsUid'> & {
  /** Size of this run's /work (the script's own quota); the launcher's workDirBytes when unset, never above it. */
  workDirBytes?: number;
};

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
  for (const leftover of leftoversOfDeadProcesses(storageDir, SPARE_PREFIX)) {
    unmountWorkDir(leftover);
    try {
      rmSync(leftover, { recursive: true, force: true });
    } catch (err) {
      // Another worker sharing the storage directory may be cleaning the same leftover right now.
      logger().warn(
        { err, dir: leftover },
        "could not remove a dead worker's work directory; the next start tries again",
      );
    }
  }
}

function isMountPoint(dir: string): boolean {
  try {
    return readFileSync('/proc/self/mounts', 'utf8')
      .split('\n')
      .some((line) => line.split(' ')[1] === dir);
  } catch {
    return false;
  }
}

/**
 * A run's /work is a size-limited tmpfs of its own uid: a full quota is ENOSPC for the script, never
 * a full host disk, and its pages count in the run's memory group. Mounted once per uid directory
 * (they are reused), false where it cannot be (not root, no mount(8)): the directory stays a plain
 * one and only RLIMIT_FSIZE bounds what a run writes.
 */
const SYSTEM_PATH_ENV = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' } as unknown as NodeJS.ProcessEnv;

function mountWorkDir(dir: string, uid: number, bytes: number): boolean {
  const res = spawnSync(
    'mount',
    ['-t', 'tmpfs', '-o', `size=${bytes},mode=0711,uid=${uid},gid=${uid},nosuid,nodev`, 'vss-work', dir],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
      env: SYSTEM_PATH_ENV,
    },
  );
  if (res.status === 0) return true;
  logger().warn(
    { dir, error: (res.stderr || res.error?.message || '').trim() },
    'no disk quota for /work: its tmpfs could not be mounted',
  );
  return false;
}

/** A tmpfs's size can change while it is mounted (and bound into a prepared sandbox): no new mount per run. */
function resizeWorkDir(dir: string, bytes: number): boolean {
  const res = spawnSync('mount', ['-o', `remount,size=${bytes}`, dir], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    env: SYSTEM_PATH_ENV,
  });
  if (res.status === 0) return true;
  logger().warn(
    { dir, bytes, error: (res.stderr || res.error?.message || '').trim() },
    "could not resize a run's /work; it keeps its size",
  );
  return false;
}

function unmountWorkDir(dir: string): void {
  if (isMountPoint(dir)) spawnSync('umount', ['-l', dir], { stdio: 'ignore', env: SYSTEM_PATH_ENV });
}

/** Empty files the runner itself creates in /work (a prepared sandbox's bind-mount points). */
const MOUNT_POINTS = new Set([scriptFileName('bash'), scriptFileName('python'), INPUT_FILE_NAME]);

/**
 * Empties a uid's work directory after its run so the next run of that uid finds it as fresh as a
 * new one. Kept: only the empty, root-owned mount points a prepared sandbox leaves (every run binds
 * its own files over them). Removing and creating a directory per run cost more than the sandbox's
 * own start on ext4 (journalled inode and block allocation), so the directory itself stays.
 */
function emptyWorkDir(dir: string): void {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (MOUNT_POINTS.has(name)) {
      const st = lstatSync(file);
      if (st.isFile() && st.size === 0 && st.uid === (process.getuid?.() ?? 0)) continue;
    }
    rmSync(file, { recursive: true, force: true });
  }
}

const CORES = os.availableParallelism();

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
  /** Size of each run's /work (a tmpfs of its own; root workers only). 0 = a plain directory. */
  workDirBytes?: number;
}

export class SandboxLauncher {
  private readonly ready: Entry[] = [];
  private readonly recent = new Map<string, number[]>();
  private readonly sweeper: NodeJS.Timeout;
  private closed = false;

  /** Work directories created so far, one per uid (see emptyWorkDir), with their tmpfs size. */
  private readonly workDirs = new Map<string, number>();
  private readonly inUse = new Set<string>();
  /** Runs going on now (spares not counted). */
  private active = 0;
  /** Work directories get a tmpfs of their own (until a mount fails). */
  private quota: boolean;

  constructor(private readonly opts: LauncherOptions) {
    this.quota = (opts.workDirBytes ?? 0) > 0 && isPrivilegedHost();
    this.sweeper = setInterval(() => this.dropIdle(), Math.min(30_000, opts.idleMs)).unref();
    mkdirSync(opts.storageDir, { recursive: true });
    removeDeadWorkersSpares(opts.storageDir);
    // A worker that exits without close() must not leave its tmpfs mounts on the host.
    if (this.quota)
      process.once('exit', () => {
        for (const dir of this.workDirs.keys()) unmountWorkDir(dir);
      });
  }

  async run(launch: LaunchSpec): Promise<SandboxResult> {
    const { workDirBytes, ...spec } = launch;
    const usable = this.opts.capacity > 0 && canUsePrepared(spec);
    const shape = sandboxShape(spec);
    const key = sandboxShapeKey(shape);
    const entry = usable ? this.take(key) : undefined;
    let uid: number;
    let workDir: string;
    if (entry) {
      ({ uid, workDir } = entry);
    } else {
      uid = this.opts.uids.tryTake() ?? (await this.waitForUid());
      try {
        workDir = this.workDirOf(uid);
      } catch (err) {
        this.opts.uids.give(uid);
        throw err;
      }
    }
    if (this.quota) this.sizeWorkDir(workDir, Math.min(workDirBytes ?? Infinity, this.opts.workDirBytes!));
    this.active++;
    // After this run's own start, so the spare's fork never delays it.
    if (usable) setImmediate(() => this.replenish(key, shape));
    try {
      return await runSandboxed({ ...spec, workDir, runAsUid: uid }, entry?.prepared);
    } finally {
      this.active--;
      // A holder sandbox (python-zygote.ts) may still be going down: its uid and directory wait for it.
      if (entry) void entry.prepared.process.closed.catch(() => undefined).then(() => this.release(uid, workDir));
      else this.release(uid, workDir);
    }
  }

  /**
   * Every uid is held by runs, spares or sandboxes still going down: a spare (oldest first) gives
   * its uid up for a run; otherwise the run waits for the next uid to come back.
   */
  private waitForUid(): Promise<number> {
    const waiting = this.opts.uids.take();
    const spare = this.ready.shift();
    if (spare) this.discard(spare);
    return waiting;
  }

  /** How many are waiting (started or starting), for tests and metrics. */
  get preparedCount(): number {
    return this.ready.length;
  }

  close(): void {
    this.closed = true;
    clearInterval(this.sweeper);
    const spares = this.ready.splice(0);
    for (const e of spares) this.discard(e);
    // Directories of runs still going are removed as those runs end (release).
    void Promise.all(spares.map((e) => e.prepared.process.closed.catch(() => undefined))).then(() => {
      for (const dir of [...this.workDirs.keys()]) if (!this.inUse.has(dir)) this.forget(dir);
    });
  }

  /** The uid's own work directory, created on its first use. */
  private workDirOf(uid: number): string {
    const dir = path.join(this.opts.storageDir, `${SPARE_PREFIX}${process.pid}-u${uid}`);
    if (!this.workDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      if (this.quota && !mountWorkDir(dir, uid, this.opts.workDirBytes!)) this.quota = false;
      this.workDirs.set(dir, this.opts.workDirBytes ?? 0);
    }
    this.inUse.add(dir);
    return dir;
  }

  /**
   * The run or spare is over: its directory is emptied (kept for the uid's next run) or, for a spare
   * nobody used, removed, before its uid can be handed out again.
   */
  private release(uid: number, dir: string, keep = true): void {
    this.inUse.delete(dir);
    try {
      if (this.closed || !keep) this.forget(dir);
      else emptyWorkDir(dir);
    } catch (err) {
      logger().warn({ err, dir }, 'could not empty a work directory; the next run of its uid gets a new one');
      this.forget(dir);
    }
    this.opts.uids.give(uid);
  }

  private sizeWorkDir(dir: string, bytes: number): void {
    if (this.workDirs.get(dir) === bytes) return;
    if (resizeWorkDir(dir, bytes)) this.workDirs.set(dir, bytes);
  }

  /** Whether runs' /work has a size limit of its own. */
  get diskQuota(): boolean {
    return this.quota;
  }

  private forget(dir: string): void {
    this.workDirs.delete(dir);
    unmountWorkDir(dir);
    // Renamed first, so a directory that resists removal can never be handed out again.
    const gone = `${dir}-gone-${Date.now()}`;
    try {
      renameSync(dir, gone);
    } catch {
      return; // already gone
    }
    try {
      rmSync(gone, { recursive: true, force: true });
    } catch (err) {
      logger().warn({ err, dir: gone }, 'could not remove a work directory; the next start removes it');
    }
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
    for (const [k, ts] of this.recent)
      if (k !== key && now - (ts[ts.length - 1] ?? 0) > this.opts.idleMs) this.recent.delete(k);
    return Math.min(this.opts.capacity, times.length);
  }

  private replenish(key: string, shape: SandboxShape): void {
    if (this.closed) return;
    // A prepared bash sandbox costs more CPU than a cold one (a second bash start at its gate): it
    // buys latency only while a core is free. Under load the runs start cold and the CPU goes to
    // throughput. (A python spare costs what a cold start does, just earlier.)
    if (shape.language === 'bash' && this.active >= CORES) return;
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
    // Runs come first: no spare while a run waits for a uid.
    const uid = this.opts.uids.waiters > 0 ? undefined : this.opts.uids.tryTake();
    if (uid === undefined) return false; // every uid is in use by runs: no room for a spare now
    let workDir: string | undefined;
    try {
      workDir = this.workDirOf(uid);
      const prepared = PreparedSandbox.start({ ...shape, workDir, runAsUid: uid });
      const entry: Entry = { key, prepared, uid, workDir, createdAt: Date.now() };
      this.ready.push(entry);
      // Died before anyone took it (killed, out of memory): forget it and free its uid.
      void prepared.process.closed
        .finally(() => {
          const i = this.ready.indexOf(entry);
          if (i >= 0) this.discard(this.ready.splice(i, 1)[0]!);
        })
        .catch(() => undefined);
      return true;
    } catch (err) {
      logger().warn({ err }, 'could not prepare a sandbox; runs start their own');
      if (workDir) this.release(uid, workDir);
      else this.opts.uids.give(uid);
      return false;
    }
  }

  private discard(e: Entry): void {
    e.prepared.discard();
    void e.prepared.process.closed.finally(() => this.release(e.uid, e.workDir, false)).catch(() => undefined);
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
