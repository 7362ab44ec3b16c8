import { readdirSync, readFileSync } from 'node:fs';

/** Linux clock ticks per second for /proc/<pid>/stat times (USER_HZ, 100 on every Linux we run on). */
const TICKS_PER_SECOND = 100;

interface Proc {
  pid: number;
  ppid: number;
  comm: string;
  /** utime + stime + cutime + cstime, in ms: the process and its children it has already reaped. */
  cpuMs: number;
}

function readProcs(): Map<number, Proc> {
  const procs = new Map<number, Proc>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // gone since the listing
    }
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after its last ')'.
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const f = stat.slice(close + 2).split(' ');
    const ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    procs.set(Number(name), { pid: Number(name), ppid: Number(f[1]), comm, cpuMs: (ticks * 1000) / TICKS_PER_SECOND });
  }
  return procs;
}

/**
 * CPU used by each part of the service, summed over the processes of its tree (live ones, plus what
 * they reaped): `roots` maps a part's name to its top process. A process belongs to the nearest
 * named ancestor; `childrenOf` names a second part for a root's descendants (the worker's sandboxes).
 */
export function cpuByPart(roots: Record<string, number>, childrenOf: Record<string, string> = {}) {
  const procs = readProcs();
  const partOfRoot = new Map(Object.entries(roots).map(([name, pid]) => [pid, name]));
  const totals: Record<string, number> = Object.fromEntries(
    [...Object.keys(roots), ...Object.values(childrenOf)].map((n) => [n, 0]),
  );
  for (const p of procs.values()) {
    let cur: Proc | undefined = p;
    let depth = 0;
    while (cur && !partOfRoot.has(cur.pid) && depth++ < 64) cur = procs.get(cur.ppid);
    if (!cur) continue;
    const root = partOfRoot.get(cur.pid)!;
    const part = p.pid !== cur.pid && childrenOf[root] ? childrenOf[root] : root;
    totals[part]! += p.cpuMs;
  }
  return totals;
}

/** Per-part CPU between two `cpuByPart` readings, divided by `runs`. */
export function cpuPerRun(before: Record<string, number>, after: Record<string, number>, runs: number) {
  return Object.fromEntries(Object.keys(after).map((k) => [k, ((after[k] ?? 0) - (before[k] ?? 0)) / runs]));
}

/**
 * CPU time the whole machine spent busy so far, in ms (/proc/stat: all but idle, I/O wait and
 * steal). Most of a sandbox's cost can be kernel work charged to no process of its tree (namespaces,
 * mounts, its five execs: ~33 of ~40 ms a sandbox on a paravirtualized host), so the per-process
 * figures alone hide what sandboxes really cost; this counts everything, including whatever else
 * the machine runs meanwhile.
 */
export function machineBusyMs(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0] = fields;
  return ((user + nice + system + irq + softirq) * 1000) / TICKS_PER_SECOND;
}
