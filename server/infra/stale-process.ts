import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Entries of dir named `<prefix><pid>-…` whose process is gone: what a worker killed outright left
 * behind (its directories, control groups...). Full paths.
 */
export function leftoversOfDeadProcesses(dir: string, prefix: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => {
      if (!name.startsWith(prefix)) return false;
      const pid = Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]);
      return pid > 0 && !isAlive(pid);
    })
    .map((name) => path.join(dir, name));
}

/**
 * A launcher killed with SIGKILL leaves its database or redis running and holding the data
 * directory. Stop such a leftover (found through its pid file) before starting a new one.
 */
export async function stopStaleFromPidFile(pidFile: string, signal: NodeJS.Signals = 'SIGINT'): Promise<boolean> {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
  } catch {
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 1 || pid === process.pid) return false;
  if (!isAlive(pid)) {
    rmSync(pidFile, { force: true });
    return false;
  }
  process.kill(pid, signal);
  for (let i = 0; i < 100 && isAlive(pid); i++) await sleep(100);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  for (let i = 0; i < 50 && isAlive(pid); i++) await sleep(100);
  rmSync(pidFile, { force: true });
  return true;
}
