/**
 * Host-side view of the processes inside one sandbox, used for the graceful half of a kill.
 *
 * Sending SIGTERM to the bwrap process group only reaches the outer bwrap, which dies and takes the
 * whole pid namespace down with SIGKILL (--die-with-parent): no grace. To give the script a chance to
 * clean up we SIGTERM the processes inside the namespace ourselves — every descendant of the outer
 * bwrap except the namespace init and the GNU time wrapper (pid 2 in the namespace; if it died first,
 * the namespace would be torn down immediately) — and SIGKILL the group after the grace period.
 */
import { readdirSync, readFileSync } from 'node:fs';

interface ProcEntry {
  pid: number;
  ppid: number;
  /** pid in the innermost pid namespace (last NSpid field). */
  innerPid: number;
}

function readEntry(pid: number): ProcEntry | null {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null; // exited meanwhile
  }
  const ppid = /^PPid:\s+(\d+)/m.exec(status)?.[1];
  const nspid = /^NSpid:\s+([\d\s]+)$/m.exec(status)?.[1]?.trim().split(/\s+/);
  if (ppid === undefined) return null;
  const inner = nspid?.[nspid.length - 1];
  return { pid, ppid: Number(ppid), innerPid: inner === undefined ? pid : Number(inner) };
}

/** All descendants of rootPid (host pids), excluding rootPid itself. */
export function descendants(rootPid: number): ProcEntry[] {
  const byParent = new Map<number, ProcEntry[]>();
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const entry = readEntry(Number(name));
    if (!entry) continue;
    const list = byParent.get(entry.ppid);
    if (list) list.push(entry);
    else byParent.set(entry.ppid, [entry]);
  }
  const out: ProcEntry[] = [];
  const queue = [rootPid];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    for (const child of byParent.get(pid) ?? []) {
      out.push(child);
      queue.push(child.pid);
    }
  }
  return out;
}

/**
 * Host pids to SIGTERM for a graceful stop: the script's processes inside the sandbox, without the
 * namespace init (inner pid 1) and, when present, the usage wrapper (inner pid 2).
 */
export function gracefulTargets(bwrapPid: number, usageWrapper: boolean): number[] {
  return descendants(bwrapPid)
    .filter((p) => p.innerPid !== 1 && !(usageWrapper && p.innerPid === 2))
    .map((p) => p.pid);
}
