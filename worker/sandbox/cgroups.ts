/**
 * One control group per run: memory (page cache and tmpfs included, no swap; the kernel's OOM killer
 * acts inside the group only), process count and CPU weight bound the run as a whole, and the group
 * reports the run's peak memory and CPU time. cgroup v2 where the host's v2 hierarchy has the
 * controllers, v1 otherwise (one directory per hierarchy). Run groups live under a `vss` group nested
 * in the worker's own group, whose low CPU weight makes all runs together yield to the worker, the
 * web app and PostgreSQL when the CPU is contended.
 *
 * Processes enter a run's group when they are started: the spawn helper moves itself in, spawns
 * and moves back (spawn-helper.py); a forked python run's parent joins before it forks the script
 * (python-zygote.py). Hosts without usable cgroups (not root, no controllers) run with rlimits only,
 * and say so (cgroupSupport(), shown on the Workers page and by /ready).
 */
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { mkdir, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { leftoversOfDeadProcesses } from '@/server/infra/stale-process';
import { logger } from '@/server/log/logger';
import { isPrivilegedHost } from './host-tools';
import type { CgroupMove } from './spawn-helper';

export interface CgroupSupport {
  version: 'v1' | 'v2' | null;
  memory: boolean;
  pids: boolean;
  cpu: boolean;
  /** Why groups are not used, when they are not. */
  reason?: string;
}

export interface RunGroupLimits {
  memoryBytes: number;
  maxProcesses: number;
}

export interface RunGroupUsage {
  peakMemoryBytes: number | null;
  cpuTimeMs: number | null;
  /** The kernel's OOM killer killed a process of the run at its memory limit. */
  oomKilled: boolean;
}

type Controller = 'memory' | 'pids' | 'cpu' | 'cpuacct';

interface Hierarchy {
  /** The `vss` group under the worker's own group in this hierarchy. */
  base: string;
  /** The worker's own group (where the spawn helper returns to). */
  home: string;
  controllers: Controller[];
}

interface Layout {
  support: CgroupSupport;
  hierarchies: Hierarchy[];
}

/** CPU weight of all runs together, relative to the default (v1 shares 1024, v2 weight 100) of every other process. */
const RUNS_CPU_SHARES = 256;
const RUNS_CPU_WEIGHT = 25;
const GROUP_PREFIX = 'run-';

function read(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function write(file: string, value: string | number): boolean {
  try {
    writeFileSync(file, String(value));
    return true;
  } catch {
    return false;
  }
}

interface MountEntry {
  point: string;
  type: string;
  superOptions: string[];
}

function cgroupMounts(): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of (read('/proc/self/mountinfo') ?? '').split('\n')) {
    const [, rest] = line.split(' - ');
    if (!rest) continue;
    const [type, , superOpts] = rest.split(' ');
    if (type !== 'cgroup' && type !== 'cgroup2') continue;
    out.push({ point: line.split(' ')[4]!, type, superOptions: (superOpts ?? '').split(',') });
  }
  return out;
}

/** /proc/self/cgroup: hierarchy controllers ('' for v2) → the worker's group path. */
function ownGroups(): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of (read('/proc/self/cgroup') ?? '').split('\n')) {
    const m = /^\d+:([^:]*):(.*)$/.exec(line);
    if (m) map.set(m[1]!, m[2]!);
  }
  return map;
}

function v2Layout(mounts: MountEntry[], own: Map<string, string>): Layout | null {
  const mount = mounts.find((m) => m.type === 'cgroup2');
  const ownPath = own.get('');
  if (!mount || ownPath === undefined) return null;
  const available = (read(path.join(mount.point, 'cgroup.controllers')) ?? '').trim().split(/\s+/);
  if (!['memory', 'pids', 'cpu'].every((c) => available.includes(c))) return null;
  // A v2 group with processes cannot delegate controllers to children: runs go under the root's `vss`.
  const base = path.join(mount.point, 'vss');
  mkdirSync(base, { recursive: true });
  if (!write(path.join(base, 'cgroup.subtree_control'), '+memory +pids +cpu')) return null;
  write(path.join(base, 'cpu.weight'), RUNS_CPU_WEIGHT);
  return {
    support: { version: 'v2', memory: true, pids: true, cpu: true },
    hierarchies: [{ base, home: path.join(mount.point, ownPath), controllers: ['memory', 'pids', 'cpu'] }],
  };
}

function v1Layout(mounts: MountEntry[], own: Map<string, string>): Layout | null {
  const hierarchies: Hierarchy[] = [];
  const wanted: Controller[] = ['memory', 'pids', 'cpu', 'cpuacct'];
  for (const [controllers, ownPath] of own) {
    const names = controllers.split(',').filter((c): c is Controller => wanted.includes(c as Controller));
    if (names.length === 0) continue;
    const mount = mounts.find((m) => m.type === 'cgroup' && names.every((n) => m.superOptions.includes(n)));
    if (!mount) continue;
    const home = path.join(mount.point, ownPath);
    const base = path.join(home, 'vss');
    try {
      mkdirSync(base, { recursive: true });
    } catch {
      continue;
    }
    if (names.includes('cpu')) write(path.join(base, 'cpu.shares'), RUNS_CPU_SHARES);
    hierarchies.push({ base, home, controllers: names });
  }
  const has = (c: Controller) => hierarchies.some((h) => h.controllers.includes(c));
  if (!has('memory')) return null;
  return { support: { version: 'v1', memory: true, pids: has('pids'), cpu: has('cpu') }, hierarchies };
}

let layout: Layout | undefined;

function detect(): Layout {
  if (!isPrivilegedHost())
    return {
      support: { version: null, memory: false, pids: false, cpu: false, reason: 'the worker is not root' },
      hierarchies: [],
    };
  try {
    const mounts = cgroupMounts();
    const own = ownGroups();
    const found = v2Layout(mounts, own) ?? v1Layout(mounts, own);
    if (found) {
      for (const h of found.hierarchies) removeDeadWorkersGroups(h.base);
      return found;
    }
    return {
      support: {
        version: null,
        memory: false,
        pids: false,
        cpu: false,
        reason: 'no usable memory controller (cgroup v1 or v2)',
      },
      hierarchies: [],
    };
  } catch (err) {
    return {
      support: {
        version: null,
        memory: false,
        pids: false,
        cpu: false,
        reason: `control groups unusable: ${(err as Error).message}`,
      },
      hierarchies: [],
    };
  }
}

function cgroupLayout(): Layout {
  if (!layout) {
    layout = detect();
    if (!layout.support.version)
      logger().warn({ reason: layout.support.reason }, 'runs are limited by rlimits only (no control group per run)');
  }
  return layout;
}

/** Which whole-run limits this worker enforces. */
export function cgroupSupport(): CgroupSupport {
  return cgroupLayout().support;
}

/** Groups of workers that are gone: their leftovers are killed and the groups removed. */
function removeDeadWorkersGroups(base: string): void {
  for (const group of leftoversOfDeadProcesses(base, GROUP_PREFIX)) {
    killMembers(group);
    try {
      rmdirSync(group);
    } catch {
      // still going down: the next start tries again
    }
  }
}

function killMembers(dir: string): void {
  for (const pid of (read(path.join(dir, 'cgroup.procs')) ?? '').split('\n').filter(Boolean)) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
}

let counter = 0;

type GroupDirs = Array<{ dir: string; home: string; controllers: Controller[] }>;

function newGroupDirs(hierarchies: Hierarchy[]): GroupDirs {
  const name = `${GROUP_PREFIX}${process.pid}-${++counter}`;
  return hierarchies.map((h) => ({ dir: path.join(h.base, name), home: h.home, controllers: h.controllers }));
}

/**
 * Empty groups made ahead of the runs that take them, off the event loop: creating one costs the
 * kernel 0.1 ms alone and up to a millisecond while other groups come and go, time a run's start
 * (and every other run the worker serves meanwhile) would wait for. Each group still serves one run
 * and is removed after it, so nothing of a run (its peak memory, CPU time, OOM kills) is ever seen
 * through its group by another.
 */
export const GROUP_RESERVE_SIZE = 8;
const reserve: GroupDirs[] = [];
let filling = false;
/** Moves on when the reserve is emptied: a fill under way then removes what it made instead of keeping it. */
let generation = 0;

async function fillReserve(hierarchies: Hierarchy[]): Promise<void> {
  if (filling) return;
  filling = true;
  const started = generation;
  try {
    while (reserve.length < GROUP_RESERVE_SIZE && generation === started) {
      const dirs = newGroupDirs(hierarchies);
      try {
        for (const d of dirs) await mkdir(d.dir);
      } catch (err) {
        await removeDirs(dirs);
        logger().warn({ err }, 'could not create a control group ahead; runs create their own');
        return;
      }
      if (generation === started) reserve.push(dirs);
      else await removeDirs(dirs);
    }
  } finally {
    filling = false;
  }
}

async function removeDirs(dirs: GroupDirs): Promise<void> {
  for (const { dir } of dirs) await rmdir(dir).catch(() => undefined);
}

/**
 * The groups made ahead are removed: the worker stops, or the process exits (the next worker start
 * removes those of a worker that crashed, and one a fill was still making).
 */
export function emptyGroupReserve(): void {
  generation++;
  for (const dirs of reserve.splice(0))
    for (const { dir } of dirs) {
      try {
        rmdirSync(dir);
      } catch {
        // already gone
      }
    }
}
process.once('exit', emptyGroupReserve);

export class RunGroup {
  private destroyed = false;

  private constructor(
    private readonly version: 'v1' | 'v2',
    /** One directory per hierarchy, with the hierarchy's controllers. */
    private readonly dirs: GroupDirs,
  ) {}

  /** A new group with the run's limits (one made ahead when there is one), or null where the host gives no cgroups. */
  static create(limits: RunGroupLimits, fromReserve = true): RunGroup | null {
    const { support, hierarchies } = cgroupLayout();
    if (!support.version) return null;
    const ahead = fromReserve ? reserve.shift() : undefined;
    const group = new RunGroup(support.version, ahead ?? newGroupDirs(hierarchies));
    try {
      if (!ahead) for (const d of group.dirs) mkdirSync(d.dir);
      group.apply(limits);
    } catch (err) {
      void group.destroy();
      // One made ahead that no longer takes its limits (removed by hand, say): the run makes its own.
      if (ahead) return RunGroup.create(limits, false);
      throw new Error(`could not create the run's control group: ${(err as Error).message}`);
    }
    void fillReserve(hierarchies);
    return group;
  }

  private file(controller: Controller, name: string): string | null {
    const d = this.dirs.find((x) => x.controllers.includes(controller));
    return d ? path.join(d.dir, name) : null;
  }

  private set(controller: Controller, name: string, value: string | number, required = true): void {
    const file = this.file(controller, name);
    if (!file) return;
    if (!write(file, value) && required) throw new Error(`${file} = ${value} was refused`);
  }

  private apply({ memoryBytes, maxProcesses }: RunGroupLimits): void {
    const memory = Number.isFinite(memoryBytes) && memoryBytes > 0 ? Math.ceil(memoryBytes) : null;
    const pids = Number.isFinite(maxProcesses) && maxProcesses > 0 ? Math.ceil(maxProcesses) : null;
    if (this.version === 'v2') {
      if (memory) this.set('memory', 'memory.max', memory);
      this.set('memory', 'memory.swap.max', 0, false);
      if (pids) this.set('pids', 'pids.max', pids);
      return;
    }
    if (memory) {
      this.set('memory', 'memory.limit_in_bytes', memory);
      // Swap off for the run: memory+swap may not exceed memory (absent where swap accounting is off).
      this.set('memory', 'memory.memsw.limit_in_bytes', memory, false);
      this.set('memory', 'memory.swappiness', 0, false);
    }
    if (pids) this.set('pids', 'pids.max', pids);
  }

  /** For the spawn helper: where to move, and back. */
  moves(): CgroupMove[] {
    return this.dirs.map((d) => [path.join(d.dir, 'cgroup.procs'), path.join(d.home, 'cgroup.procs')]);
  }

  /** The groups' cgroup.procs files (a forked run's parent writes itself into each). */
  procsFiles(): string[] {
    return this.dirs.map((d) => path.join(d.dir, 'cgroup.procs'));
  }

  usage(): RunGroupUsage {
    if (this.version === 'v2') {
      const peak = read(this.file('memory', 'memory.peak') ?? '');
      const cpu = /^usage_usec (\d+)/m.exec(read(this.file('cpu', 'cpu.stat') ?? '') ?? '')?.[1];
      const oom = /^oom_kill (\d+)/m.exec(read(this.file('memory', 'memory.events') ?? '') ?? '')?.[1];
      return {
        peakMemoryBytes: peak ? Number(peak) : null,
        cpuTimeMs: cpu ? Math.round(Number(cpu) / 1000) : null,
        oomKilled: Number(oom ?? 0) > 0,
      };
    }
    const peak = read(this.file('memory', 'memory.max_usage_in_bytes') ?? '');
    const cpu = read(this.file('cpuacct', 'cpuacct.usage') ?? '');
    const oom = /^oom_kill (\d+)/m.exec(read(this.file('memory', 'memory.oom_control') ?? '') ?? '')?.[1];
    return {
      peakMemoryBytes: peak ? Number(peak) : null,
      cpuTimeMs: cpu ? Math.round(Number(cpu) / 1e6) : null,
      oomKilled: Number(oom ?? 0) > 0,
    };
  }

  /** Kills whatever is left in the group and removes it (retried while its processes go down). */
  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const { dir } of this.dirs) {
      if (!existsSync(dir)) continue;
      if (this.version === 'v2') write(path.join(dir, 'cgroup.kill'), 1);
      // Off the event loop: removing a group that held a run costs the kernel more than making one.
      for (let attempt = 0; ; attempt++) {
        try {
          await rmdir(dir);
          break;
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') break;
          if (attempt >= 40) {
            logger().warn({ err, dir }, 'a run control group could not be removed; the next worker start retries');
            break;
          }
          killMembers(dir);
          await sleep(attempt < 5 ? 5 : 50);
        }
      }
    }
  }
}
